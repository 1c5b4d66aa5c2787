import type { UserView } from '@stride/contracts';
import type { UserEntity } from './user.entity';

/** Never the password hash. */
export function toUserView(user: UserEntity): UserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, active: user.active };
}
