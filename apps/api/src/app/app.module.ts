import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/app-config';
import { Clock, SystemClock } from './common/clock';
import { dataSourceOptions } from './database/data-source';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { UsersModule } from './users/users.module';
import { PatientsModule } from './patients/patients.module';
import { InvitationsModule } from './invitations/invitations.module';
import { SurveysModule } from './surveys/surveys.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { ExportsModule } from './exports/exports.module';
import { ReportsModule } from './reports/reports.module';
import { HealthController } from './health/health.controller';
import { SettingsController } from './settings/settings.controller';
import { ClockModule } from './common/clock.module';

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock ?? new SystemClock()),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        AuditModule,
        AuthModule,
        UsersModule,
        PatientsModule,
        InvitationsModule,
        SurveysModule,
        SchedulerModule,
        CohortsModule,
        ExportsModule,
        ReportsModule,
      ],
      controllers: [HealthController, SettingsController],
    };
  }
}
