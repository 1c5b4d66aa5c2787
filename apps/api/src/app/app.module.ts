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
import { SmsInboundModule } from './sms-inbound/sms-inbound.module';
import { SchedulerModule } from './scheduler/scheduler.module';
import { CohortsModule } from './cohorts/cohorts.module';
import { ExportsModule } from './exports/exports.module';
import { ReportsModule } from './reports/reports.module';
import { HealthModule } from './health/health.module';
import { WorklistModule } from './worklist/worklist.module';
import { SettingsController } from './settings/settings.controller';
import { ClockModule } from './common/clock.module';
import { LoggerModule } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import { createLogger, loggerParams } from './logging/logger';

export interface AppOptions {
  config: AppConfig;
  databaseUrl: string;
  clock?: Clock;
  /** The root logger; by default JSON lines on stdout at the config's LOG_LEVEL. */
  logger?: Pino;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, clock, logger }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerParams(logger ?? createLogger(config.logLevel))),
        ConfigModule.forRoot(config),
        ClockModule.forRoot(clock ?? new SystemClock()),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl, 10, config.databaseStatementTimeoutSeconds || undefined)),
        AuditModule,
        AuthModule,
        UsersModule,
        PatientsModule,
        InvitationsModule,
        SurveysModule,
        SmsInboundModule,
        SchedulerModule,
        CohortsModule,
        ExportsModule,
        ReportsModule,
        HealthModule,
        WorklistModule,
      ],
      controllers: [SettingsController],
    };
  }
}
