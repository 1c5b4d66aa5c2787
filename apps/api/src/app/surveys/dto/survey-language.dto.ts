import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { LANGUAGES, Language, SurveyLanguageRequest } from '@stride/contracts';

export class SurveyLanguageDto implements SurveyLanguageRequest {
  @ApiProperty({ enum: LANGUAGES }) @IsIn(LANGUAGES, { message: 'language must be en or es' })
  language!: Language;
}
