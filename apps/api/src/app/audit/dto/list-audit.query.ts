import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export class ListAuditQuery {
  @IsOptional() @Type(() => Number) @IsInt({ message: 'page must be a whole number' }) @Min(1) @Max(100000)
  page?: number;

  /** An exact action, e.g. `patient.read` or `access.denied`. */
  @IsOptional() @IsString() @MaxLength(100) @Matches(/^[a-z_]+(\.[a-z_]+)*$/, { message: 'action must look like patient.read' })
  action?: string;

  /** A user's id: what that person did. */
  @IsOptional() @IsUUID('all', { message: 'actor must be a user id' })
  actor?: string;
}
