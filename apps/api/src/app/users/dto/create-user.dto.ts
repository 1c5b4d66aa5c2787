import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { CreateUserRequest, PASSWORD_MIN_LENGTH, ROLES, Role } from '@stride/contracts';
import { IsAllowedPassword } from '../../auth/password-policy';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254)
  email!: string;

  @ApiProperty() @IsString() @Matches(/\S/, { message: 'name is required' }) @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @IsAllowedPassword()
  @MaxLength(200)
  password!: string;
}
