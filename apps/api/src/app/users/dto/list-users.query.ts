import { IsIn, IsOptional } from 'class-validator';
import { ROLES, Role } from '@stride/contracts';

export class ListUsersQuery {
  @IsOptional() @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;
}
