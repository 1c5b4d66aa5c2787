import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import type { Procedure, SurgeryStatus } from '@stride/contracts';
import { PatientEntity } from '../patients/patient.entity';
import { InvitationEntity } from '../invitations/invitation.entity';

@Entity('surgeries')
export class SurgeryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'patient_id' }) patientId!: string;
  @ManyToOne(() => PatientEntity, (p) => p.surgeries) @JoinColumn({ name: 'patient_id' }) patient?: Relation<PatientEntity>;
  @Column('uuid', { name: 'surgeon_id' }) surgeonId!: string;
  @Column('text') procedure!: Procedure;
  /** A calendar date (YYYY-MM-DD), not an instant. */
  @Column('date', { name: 'surgery_date' }) surgeryDate!: string;
  @Column('text') status!: SurgeryStatus;
  @OneToMany(() => InvitationEntity, (i) => i.surgery) invitations?: Relation<InvitationEntity[]>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
