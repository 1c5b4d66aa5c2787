import { IsIn, IsOptional } from 'class-validator';

export class ImportPatientsQuery {
  /** A dry run unless `false` is said: an import is only ever written when asked for in so many words. */
  @IsOptional() @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: 'true' | 'false';
}
