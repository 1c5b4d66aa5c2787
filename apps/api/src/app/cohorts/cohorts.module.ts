import { Module } from '@nestjs/common';
import { CohortsService } from './cohorts.service';
import { CohortsController } from './cohorts.controller';
import { CohortsRepository } from './cohorts.repository';

@Module({ providers: [CohortsService, CohortsRepository], controllers: [CohortsController], exports: [CohortsService] })
export class CohortsModule {}
