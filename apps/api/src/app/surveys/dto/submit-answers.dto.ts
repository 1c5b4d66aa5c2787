import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import type { Answers, SubmitAnswersRequest } from '@stride/contracts';

export class SubmitAnswersDto implements SubmitAnswersRequest {
  /** Checked against the instrument (ranges, applicability) by libs/outcomes in the service. */
  @ApiProperty({ example: { legPain: 2, backPain: 3, walkingDistance: 3, satisfaction: 5 } })
  @IsObject({ message: 'answers must be an object' })
  answers!: Answers;
}
