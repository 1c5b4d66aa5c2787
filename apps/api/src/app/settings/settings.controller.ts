import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ClinicSettings } from '@stride/contracts';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';

@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The clinic's time zone (survey windows close at midnight there), benchmarks and follow-ups. */
  @Get()
  get(): ClinicSettings {
    const { clinicTimezone, benchmarks, benchmarkSource, followUpTimepoints, benchmarkTimepoint } = this.config;
    return { clinicTimezone, benchmarks, benchmarkSource, followUpTimepoints, benchmarkTimepoint, idleTimeoutMinutes: this.config.portalIdleMinutes };
  }
}
