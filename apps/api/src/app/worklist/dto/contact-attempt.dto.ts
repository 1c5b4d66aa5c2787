import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONTACT_OUTCOMES, ContactAttemptRequest, ContactOutcome } from '@stride/contracts';

export class ContactAttemptDto implements ContactAttemptRequest {
  @ApiProperty({ enum: CONTACT_OUTCOMES })
  @IsIn(CONTACT_OUTCOMES, { message: `outcome must be one of ${CONTACT_OUTCOMES.join(', ')}` })
  outcome!: ContactOutcome;

  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000, { message: 'note must be at most 1000 characters' })
  note?: string;
}
