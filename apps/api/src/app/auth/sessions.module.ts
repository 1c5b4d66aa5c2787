import { Module } from '@nestjs/common';
import { SessionsRepository } from './sessions.repository';

/** Shared by the guard (reads), login and logout, and user administration (revokes). */
@Module({ providers: [SessionsRepository], exports: [SessionsRepository] })
export class SessionsModule {}
