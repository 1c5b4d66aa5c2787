import { Body, Controller, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { SurgeryView } from '@stride/contracts';
import { SurgeriesService } from './surgeries.service';
import { UpdateSurgeryDto } from './dto/update-surgery.dto';
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
}
