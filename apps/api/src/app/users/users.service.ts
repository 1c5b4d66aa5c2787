import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import type { CreateUserRequest, Role, UserView } from '@stride/contracts';
import { UserEntity } from './user.entity';
import { toUserView } from './users.mapper';
import { hashPassword } from '../auth/password';
import { newPseudonym } from './pseudonym';
import { ConflictError } from '../common/domain-errors';
import { AuditService } from '../audit/audit.service';
import type { Caller } from '../auth/caller';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly audit: AuditService,
  ) {}

  /** Used by the API (admin) and by the CLI (caller null: the operator at the console). */
  async create(caller: Caller | null, request: CreateUserRequest): Promise<UserView> {
    const entity = this.users.create({
      email: request.email.trim().toLowerCase(),
      name: request.name.trim(),
      role: request.role,
      passwordHash: await hashPassword(request.password),
      surgeonCode: newPseudonym('SG', 6),
    });
    try {
      await this.users.save(entity);
    } catch (error) {
      if (error instanceof QueryFailedError && (error as { code?: string }).code === '23505') {
        throw new ConflictError('A user with this email already exists', [
          { field: 'email', message: 'A user with this email already exists' },
        ]);
      }
      throw error;
    }
    await this.audit.record(caller, { action: 'user.create', entityType: 'user', entityId: entity.id, detail: { role: entity.role } });
    return toUserView(entity);
  }

  async list(role?: Role): Promise<UserView[]> {
    const users = await this.users.find({ where: role ? { role } : {}, order: { name: 'ASC' } });
    return users.map(toUserView);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: email.trim() }).getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }
}
