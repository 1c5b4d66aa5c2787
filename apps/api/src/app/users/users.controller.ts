import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { UserView } from '@stride/contracts';
import { UsersService } from './users.service';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { Caller, CurrentCaller, Roles } from '../auth/caller';
import { UuidParam } from '../common/uuid-param';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(caller, dto);
  }

  @Get()
  list(@Query() { role, active }: ListUsersQuery): Promise<UserView[]> {
    return this.users.list({ role, active: active === undefined ? undefined : active === 'true' });
  }

  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam, @Body() dto: UpdateUserDto): Promise<UserView> {
    return this.users.update(caller, id, dto);
  }

  /** An admin sets a new password: the user's sessions end at once. */
  @Post(':id/password')
  @HttpCode(204)
  resetPassword(@CurrentCaller() caller: Caller, @Param() { id }: UuidParam, @Body() { password }: ResetPasswordDto): Promise<void> {
    return this.users.resetPassword(caller, id, password);
  }
}
