import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, Repository } from 'typeorm';
import type { CreateUserRequest, Role, UpdateUserRequest, UserView } from '@stride/contracts';
import { UserEntity } from './user.entity';
import { toUserView } from './users.mapper';
import { hashPassword } from '../auth/password';
import { assertAllowedPassword } from '../auth/password-policy';
import { newPseudonym } from './pseudonym';
import { ConflictError, NotFoundError } from '../common/domain-errors';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { SessionsRepository } from '../auth/sessions.repository';
import type { Caller } from '../auth/caller';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly sessions: SessionsRepository,
  ) {}

  /** Used by the API (admin) and by the CLI (caller null: the operator at the console). */
  async create(caller: Caller | null, request: CreateUserRequest): Promise<UserView> {
    assertAllowedPassword(request.password);
    const entity = this.users.create({
      email: request.email.trim().toLowerCase(),
      name: request.name.trim(),
      role: request.role,
      passwordHash: await hashPassword(request.password),
      surgeonCode: newPseudonym('SG', 6),
      active: true,
      deactivatedAt: null,
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

  /**
   * Rename, change the role, (de)activate or reset the password. The role is read from the database
   * on every request, so a change applies at once; deactivation and a new password also end every
   * session of the user (a reset by the user themself keeps the session it was made from).
   */
  update(caller: Caller, id: string, request: UpdateUserRequest): Promise<UserView> {
    return this.change(caller, id, request, 'user.update');
  }

  /**
   * `POST /users/:id/password`: the admin's reset as its own audited action (`user.password-reset`,
   * with how many sessions it ended; never the password). The same change as a password in update().
   */
  async resetPassword(caller: Caller, id: string, password: string): Promise<void> {
    await this.change(caller, id, { password }, 'user.password-reset');
  }

  private async change(caller: Caller, id: string, request: UpdateUserRequest, action: string): Promise<UserView> {
    if (request.password !== undefined) assertAllowedPassword(request.password);
    // Hashed before the transaction: a second of scrypt must not hold row locks.
    const passwordHash = request.password !== undefined ? await hashPassword(request.password) : undefined;
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw new NotFoundError('User not found');
      const now = this.clock.now();
      const before = { name: user.name, role: user.role, active: user.active };
      const after = { name: request.name?.trim() ?? user.name, role: request.role ?? user.role, active: request.active ?? user.active };
      if (before.role === 'admin' && before.active && (after.role !== 'admin' || !after.active)) {
        await this.assertAnotherActiveAdmin(manager, user, caller);
      }

      Object.assign(user, after);
      if (before.active !== after.active) user.deactivatedAt = after.active ? null : now;
      if (passwordHash) user.passwordHash = passwordHash;
      await manager.save(user);
      const endsSessions = (before.active && !after.active) || passwordHash !== undefined;
      const sessionsEnded = endsSessions
        ? await this.sessions.revokeAllOf(user.id, now, manager, user.id === caller.id && after.active ? caller.sessionId : undefined)
        : 0;

      await this.audit.record(
        caller,
        { action, entityType: 'user', entityId: user.id, detail: { ...changes(before, after), ...(passwordHash ? { passwordReset: true } : {}), sessionsEnded } },
        manager,
      );
      return toUserView(user);
    });
  }

  /**
   * Someone must still be able to manage users afterwards. The users_keep_an_admin trigger is the
   * last word; this says why in words, under the same lock, so two admins stepping down at the
   * same moment cannot both succeed.
   */
  private async assertAnotherActiveAdmin(manager: EntityManager, user: UserEntity, caller: Caller): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('stride:last-admin'))`);
    const [{ others }] = (await manager.query(`SELECT count(*)::int AS others FROM users WHERE role = 'admin' AND active AND id <> $1`, [
      user.id,
    ])) as { others: number }[];
    if (others > 0) return;
    const who = user.id === caller.id ? 'You are' : `${user.name} is`;
    throw new ConflictError(`${who} the last active admin. Make another user an admin first, so someone can still manage accounts.`);
  }

  async list(filter: { role?: Role; active?: boolean } = {}): Promise<UserView[]> {
    const where = { ...(filter.role ? { role: filter.role } : {}), ...(filter.active !== undefined ? { active: filter.active } : {}) };
    const users = await this.users.find({ where, order: { name: 'ASC' } });
    return users.map(toUserView);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: email.trim() }).getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }
}

/** What an update changed, for the audit row: before and after of each field that moved. */
function changes<T extends Record<string, unknown>>(before: T, after: T): Record<string, { from: unknown; to: unknown }> {
  const moved: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(before)) if (before[key] !== after[key]) moved[key] = { from: before[key], to: after[key] };
  return moved;
}
