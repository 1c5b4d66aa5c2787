import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ReschedulePreview, SurgeryView } from '@stride/contracts';
import { SurgeriesService } from './surgeries.service';
import { UpdateSurgeryDto } from './dto/update-surgery.dto';
import { RescheduleSurgeryDto } from './dto/reschedule-surgery.dto';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid-param';

@ApiTags('surgeries')
@ApiBearerAuth()
@Controller('surgeries')
@Roles('admin', 'surgeon')
export class SurgeriesController {
  constructor(private readonly surgeries: SurgeriesService) {}

  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam, @Body() dto: UpdateSurgeryDto): Promise<SurgeryView> {
    return this.surgeries.update(caller, id, dto);
  }

  /** What PATCH with this surgeryDate would do, changing nothing. */
  @Post(':id/reschedule-preview')
  @HttpCode(200)
  preview(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam, @Body() dto: RescheduleSurgeryDto): Promise<ReschedulePreview> {
    return this.surgeries.preview(caller, id, dto.surgeryDate);
  }
}
