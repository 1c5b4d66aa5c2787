import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { LoginRequest, LoginResponse } from '@stride/contracts';
import { UsersService } from '../users/users.service';
import { verifyPassword } from './password';
import { toUserView } from '../users/users.mapper';
import { NotAuthenticatedError } from '../common/domain-errors';
import { AuditService } from '../audit/audit.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  async login({ email, password }: LoginRequest): Promise<LoginResponse> {
    const user = await this.users.findByEmail(email);
    // The same answer whether the email or the password is wrong: no account probing.
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw new NotAuthenticatedError('Email or password is incorrect');
    }
    const accessToken = await this.jwt.signAsync({ sub: user.id, role: user.role, name: user.name });
    await this.audit.record({ id: user.id, role: user.role, name: user.name }, { action: 'auth.login', entityType: 'user', entityId: user.id });
    return { accessToken, user: toUserView(user) };
  }
}
