import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { LoginRequest } from '@stride/contracts';

export class LoginDto implements LoginRequest {
  @ApiProperty() @IsString() @MinLength(1, { message: 'email is required' }) @MaxLength(254)
  email!: string;

  @ApiProperty() @IsString() @MinLength(1, { message: 'password is required' }) @MaxLength(200)
  password!: string;
}
