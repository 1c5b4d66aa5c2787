import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { SmsInboundRequest } from '@stride/contracts';

export class SmsInboundDto implements SmsInboundRequest {
  @ApiProperty({ example: '+12125550142' })
  @IsString()
  @Length(3, 40)
  from!: string;

  @ApiProperty({ example: 'STOP' })
  @IsString()
  @Length(1, 1600)
  text!: string;
}
