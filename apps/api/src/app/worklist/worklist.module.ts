import { Module } from '@nestjs/common';
import { WorklistController } from './worklist.controller';
import { WorklistRepository } from './worklist.repository';
import { WorklistService } from './worklist.service';

@Module({
  providers: [WorklistService, WorklistRepository],
  controllers: [WorklistController],
})
export class WorklistModule {}
