import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { Page, PatientImportReport, PatientSummaryView, PatientView, SurgeryView } from '@stride/contracts';
import { PatientsService } from './patients.service';
import { CreatePatientDto } from './dto/create-patient.dto';
import { ListPatientsQuery } from './dto/list-patients.query';
import { UpdatePatientStatusDto } from './dto/update-patient-status.dto';
import { UpdatePatientDto } from './dto/update-patient.dto';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid-param';
import { SurgeriesService } from '../surgeries/surgeries.service';
import { CreateSurgeryDto } from '../surgeries/dto/create-surgery.dto';
import { PatientImportService } from './patient-import.service';
import { ImportPatientsQuery } from './dto/import-patients.query';
import { CsvBody } from './csv-body';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
@Roles('admin', 'surgeon')
export class PatientsController {
  constructor(
    private readonly patients: PatientsService,
    private readonly surgeries: SurgeriesService,
    private readonly imports: PatientImportService,
  ) {}

  /** The CLI's import over HTTP: a dry run (the default) reports every row's fate; `dryRun=false` imports. */
  @Post('import')
  @Roles('admin')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  import(@CurrentCaller() caller: Caller, @Query() { dryRun }: ImportPatientsQuery, @CsvBody() file: Buffer): Promise<PatientImportReport> {
    return this.imports.run(caller, file, { dryRun: dryRun !== 'false' });
  }

  @Post()
  @Roles('admin')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreatePatientDto): Promise<PatientView> {
    return this.patients.create(caller, dto);
  }

  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: ListPatientsQuery): Promise<Page<PatientSummaryView>> {
    return this.patients.list(caller, query);
  }

  @Get(':id')
  get(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam): Promise<PatientView> {
    return this.patients.get(caller, id);
  }

  @Patch(':id')
  @Roles('admin')
  update(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam, @Body() dto: UpdatePatientDto): Promise<PatientView> {
    return this.patients.update(caller, id, dto);
  }

  @Patch(':id/status')
  @Roles('admin')
  setStatus(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam, @Body() { status }: UpdatePatientStatusDto): Promise<PatientView> {
    return this.patients.setStatus(caller, id, status);
  }

  @Post(':id/surgeries')
  @Roles('admin')
  createSurgery(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam, @Body() dto: CreateSurgeryDto): Promise<SurgeryView> {
    return this.surgeries.create(caller, id, dto);
  }
}
