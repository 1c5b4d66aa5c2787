import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, Validate, ValidateIf } from 'class-validator';
import { LANGUAGES, Language, PREFERRED_CHANNELS, PreferredChannel, UpdatePatientRequest } from '@stride/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date';
import { EMAIL_MESSAGE, PHONE_MESSAGE, PHONE_PATTERN, PREFERRED_CHANNEL_MESSAGE } from './create-patient.dto';

/** Omitted fields stay as they are. Only email and phone may be null (removed); the rest must have a value when given. */
const given = (field: keyof UpdatePatientRequest) => ValidateIf((dto: UpdatePatientDto) => dto[field] !== undefined);

export class UpdatePatientDto implements UpdatePatientRequest {
  @ApiPropertyOptional() @given('givenName') @IsString() @Matches(/\S/, { message: 'givenName is required' }) @MaxLength(100)
  givenName?: string;

  @ApiPropertyOptional() @given('familyName') @IsString() @Matches(/\S/, { message: 'familyName is required' }) @MaxLength(100)
  familyName?: string;

  @ApiPropertyOptional({ example: '1956-04-30' })
  @given('birthDate')
  @Validate(IsCalendarDate, { message: 'birthDate must be a date written YYYY-MM-DD' })
  birthDate?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null removes it' })
  @IsOptional()
  @IsEmail({}, { message: EMAIL_MESSAGE })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '+15551234567', description: 'null removes it' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE })
  phone?: string | null;

  @ApiPropertyOptional({ enum: LANGUAGES }) @given('language') @IsIn(LANGUAGES, { message: 'language must be en or es' })
  language?: Language;

  @ApiPropertyOptional({ enum: PREFERRED_CHANNELS })
  @given('preferredChannel')
  @IsIn(PREFERRED_CHANNELS, { message: PREFERRED_CHANNEL_MESSAGE })
  preferredChannel?: PreferredChannel;
}
