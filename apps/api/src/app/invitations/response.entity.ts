import { Column, CreateDateColumn, Entity, JoinColumn, OneToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import type { ResponseMode } from '@stride/contracts';
import { InvitationEntity } from './invitation.entity';

@Entity('responses')
export class ResponseEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'invitation_id' }) invitationId!: string;
  @OneToOne(() => InvitationEntity, (i) => i.response) @JoinColumn({ name: 'invitation_id' }) invitation?: Relation<InvitationEntity>;
  @Column('text') mode!: ResponseMode;
  @Column('timestamptz', { name: 'collected_at' }) collectedAt!: Date;
  @Column('uuid', { name: 'entered_by', nullable: true }) enteredBy!: string | null;
  @Column('smallint', { name: 'leg_pain', nullable: true }) legPain!: number | null;
  @Column('smallint', { name: 'back_pain', nullable: true }) backPain!: number | null;
  @Column('smallint', { name: 'walking_distance', nullable: true }) walkingDistance!: number | null;
  @Column('smallint', { nullable: true }) satisfaction!: number | null;
  /** Success v1. */
  @Column('boolean', { nullable: true }) success!: boolean | null;
  @Column('boolean', { name: 'success_v2', nullable: true }) successV2!: boolean | null;
  @Column('boolean', { nullable: true }) satisfied!: boolean | null;
  @Column('text', { name: 'definition_version' }) definitionVersion!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
