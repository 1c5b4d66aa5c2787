import { Body, Controller, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PublicSurveyView } from '@stride/contracts';
import { SurveysService } from './surveys.service';
import { SubmitAnswersDto } from './dto/submit-answers.dto';
import { SurveyLanguageDto } from './dto/survey-language.dto';
import { Public } from '../auth/caller';
import { LinkAsRead, RateLimitGuard, ReadsLink } from './rate-limit.guard';
import type { LinkedInvitation } from '../invitations/invitations.repository';

@ApiTags('public surveys')
@Public()
@UseGuards(RateLimitGuard)
@Controller('public/surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get(':token')
  @ReadsLink()
  view(@Param('token') token: string, @LinkAsRead() seen: LinkedInvitation | null | undefined): Promise<PublicSurveyView> {
    return this.surveys.view(token, seen);
  }

  @Post(':token/opened')
  @HttpCode(204)
  opened(@Param('token') token: string): Promise<void> {
    return this.surveys.markOpened(token);
  }

  @Put(':token/answers')
  @HttpCode(204)
  save(@Param('token') token: string, @Body() dto: SubmitAnswersDto): Promise<void> {
    return this.surveys.saveDraft(token, dto.answers);
  }

  @Post(':token/responses')
  @HttpCode(201)
  @ReadsLink()
  submit(@Param('token') token: string, @Body() dto: SubmitAnswersDto, @LinkAsRead() seen: LinkedInvitation | null | undefined): Promise<void> {
    return this.surveys.submit(token, dto.answers, seen);
  }

  /** The survey page's language switch: kept on the patient for later messages. */
  @Put(':token/language')
  @HttpCode(204)
  setLanguage(@Param('token') token: string, @Body() dto: SurveyLanguageDto): Promise<void> {
    return this.surveys.setLanguage(token, dto.language);
  }

  /** Also the List-Unsubscribe target: mail providers POST `List-Unsubscribe=One-Click` here. */
  @Post(':token/opt-out')
  @HttpCode(204)
  optOut(@Param('token') token: string): Promise<void> {
    return this.surveys.optOut(token);
  }
}
