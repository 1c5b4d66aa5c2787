import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { PASSWORD_MIN_LENGTH, ResetPasswordRequest } from '@stride/contracts';
import { IsAllowedPassword } from '../../auth/password-policy';

export class ResetPasswordDto implements ResetPasswordRequest {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString({ message: 'password must be text' })
  @IsAllowedPassword()
  @MaxLength(200)
  password!: string;
}
