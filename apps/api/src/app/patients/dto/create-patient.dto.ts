import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, Validate } from 'class-validator';
import { CHANNELS, Channel, CreatePatientRequest, LANGUAGES, Language } from '@stride/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date';

export class CreatePatientDto implements CreatePatientRequest {
  @ApiProperty() @IsString() @Matches(/\S/, { message: 'mrn is required' }) @MaxLength(64)
  mrn!: string;

  @ApiProperty() @IsString() @Matches(/\S/, { message: 'givenName is required' }) @MaxLength(100)
  givenName!: string;

  @ApiProperty() @IsString() @Matches(/\S/, { message: 'familyName is required' }) @MaxLength(100)
  familyName!: string;

  @ApiProperty({ example: '1956-04-30' }) @Validate(IsCalendarDate, { message: 'birthDate must be a date written YYYY-MM-DD' })
  birthDate!: string;

  @ApiPropertyOptional() @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+15551234567' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{7,20}$/, { message: 'phone must be a phone number, e.g. +15551234567' })
  phone?: string;

  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES, { message: 'language must be en or es' })
  language!: Language;

  @ApiProperty() @IsUUID('all', { message: 'surgeonId must be the id of a surgeon' })
  surgeonId!: string;

  @ApiPropertyOptional({ enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS, { message: 'preferredChannel must be email or sms' })
  preferredChannel?: Channel;
}
