import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, Validate } from 'class-validator';
import { CreatePatientRequest, LANGUAGES, Language, PREFERRED_CHANNELS, PreferredChannel } from '@stride/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date';

export const EMAIL_MESSAGE = 'email must be an email address';
export const PHONE_PATTERN = /^\+?[0-9 ()-]{7,20}$/;
export const PHONE_MESSAGE = 'phone must be a phone number, e.g. +15551234567';
export const PREFERRED_CHANNEL_MESSAGE = 'preferredChannel must be email, sms or paper';

export class CreatePatientDto implements CreatePatientRequest {
  @ApiProperty() @IsString() @Matches(/\S/, { message: 'mrn is required' }) @MaxLength(64)
  mrn!: string;

  @ApiProperty() @IsString() @Matches(/\S/, { message: 'givenName is required' }) @MaxLength(100)
  givenName!: string;

  @ApiProperty() @IsString() @Matches(/\S/, { message: 'familyName is required' }) @MaxLength(100)
  familyName!: string;

  @ApiProperty({ example: '1956-04-30' }) @Validate(IsCalendarDate, { message: 'birthDate must be a date written YYYY-MM-DD' })
  birthDate!: string;

  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: EMAIL_MESSAGE }) @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+15551234567' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone?: string;

  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES, { message: 'language must be en or es' })
  language!: Language;

  @ApiProperty() @IsUUID('all', { message: 'surgeonId must be the id of a surgeon' })
  surgeonId!: string;

  @ApiPropertyOptional({ enum: PREFERRED_CHANNELS, description: 'Default: email, else sms, else paper. Needs its contact.' })
  @IsOptional()
  @IsIn(PREFERRED_CHANNELS, { message: PREFERRED_CHANNEL_MESSAGE })
  preferredChannel?: PreferredChannel;
}
