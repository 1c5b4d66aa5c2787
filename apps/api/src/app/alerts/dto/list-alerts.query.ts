import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import type { AlertListQuery } from '@stride/contracts';

export class ListAlertsQuery implements AlertListQuery {
  /** `true`: unacknowledged alerts only. Anything but true or false is a 400 naming the field. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'open must be true or false' })
  open?: boolean;

  @IsOptional() @IsUUID('all', { message: 'patientId must be a UUID' })
  patientId?: string;
}
