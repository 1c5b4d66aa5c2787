import { OmitType } from '@nestjs/swagger';
import { FunnelQuery } from './funnel.query';

/** The funnel's time point and cohort filters; case mix is about success only, so there is no measure. */
export class CaseMixQuery extends OmitType(FunnelQuery, ['measure'] as const) {}
