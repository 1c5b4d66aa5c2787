import { IsIn, IsOptional } from 'class-validator';
import { ROLES, Role } from '@stride/contracts';

export class ListUsersQuery {
  @IsOptional() @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role?: Role;

  /** `true`: only those who can sign in (e.g. surgeons a new patient may be assigned to). */
  @IsOptional() @IsIn(['true', 'false'], { message: 'active must be true or false' })
  active?: 'true' | 'false';
}
