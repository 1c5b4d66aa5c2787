import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { CreateUserRequest, ROLES, Role } from '@stride/contracts';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(254)
  email!: string;

  @ApiProperty() @IsString() @Matches(/\S/, { message: 'name is required' }) @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(200)
  password!: string;
}
