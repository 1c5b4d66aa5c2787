import { Column, Entity, JoinColumn, ManyToOne, OneToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import type { Answers, InvitationStatus, StopReason, Timepoint } from '@stride/contracts';
import { SurgeryEntity } from '../surgeries/surgery.entity';
import { ResponseEntity } from './response.entity';

@Entity('invitations')
export class InvitationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'surgery_id' }) surgeryId!: string;
  @ManyToOne(() => SurgeryEntity, (s) => s.invitations) @JoinColumn({ name: 'surgery_id' }) surgery?: Relation<SurgeryEntity>;
  @Column('text') timepoint!: Timepoint;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('timestamptz', { name: 'closes_at' }) closesAt!: Date;
  @Column('text') status!: InvitationStatus;
  @Column('text', { name: 'stop_reason', nullable: true }) stopReason!: StopReason | null;
  @Column('text', { name: 'claimed_by', nullable: true }) claimedBy!: string | null;
  @Column('timestamptz', { name: 'lease_until', nullable: true }) leaseUntil!: Date | null;
  @Column('smallint') attempts!: number;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt!: Date | null;
  @Column('smallint', { name: 'reminder_count' }) reminderCount!: number;
  @Column('timestamptz', { name: 'next_reminder_at', nullable: true }) nextReminderAt!: Date | null;
  @Column('jsonb', { name: 'draft_answers' }) draftAnswers!: Answers;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
  @Column('timestamptz', { name: 'reminded_at', nullable: true }) remindedAt!: Date | null;
  @Column('timestamptz', { name: 'opened_at', nullable: true }) openedAt!: Date | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @OneToOne(() => ResponseEntity, (r) => r.invitation) response?: Relation<ResponseEntity> | null;
}
