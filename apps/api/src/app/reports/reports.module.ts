import { Module } from '@nestjs/common';
import { CohortsModule } from '../cohorts/cohorts.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({ imports: [CohortsModule], providers: [ReportsService], controllers: [ReportsController] })
export class ReportsModule {}
