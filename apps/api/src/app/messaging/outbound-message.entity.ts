import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel, OutboundMessageView } from '@stride/contracts';

@Entity('outbound_messages')
export class OutboundMessageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'invitation_id' }) invitationId!: string;
  @Column('text') kind!: 'invitation' | 'reminder';
  /** 0 for the invitation, 1 and 2 for the reminders. */
  @Column('smallint') sequence!: number;
  /** Stamped just before the message is handed to SMTP or the SMS provider. */
  @Column('timestamptz', { name: 'attempted_at', nullable: true }) attemptedAt!: Date | null;
  @Column('text') channel!: Channel;
  @Column('text') recipient!: string;
  @Column('text', { nullable: true }) subject!: string | null;
  @Column('text') body!: string;
  @Column('text') status!: OutboundMessageView['status'];
  @Column('text', { nullable: true }) error!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column('timestamptz', { name: 'sent_at', nullable: true }) sentAt!: Date | null;
}
