import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import type { Language, PatientView, PreferredChannel } from '@stride/contracts';
import { UserEntity } from '../users/user.entity';
import { SurgeryEntity } from '../surgeries/surgery.entity';

export type PatientStatus = PatientView['status'];

@Entity('patients')
export class PatientEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') mrn!: string;
  @Column('text', { name: 'given_name' }) givenName!: string;
  @Column('text', { name: 'family_name' }) familyName!: string;
  @Column('date', { name: 'birth_date' }) birthDate!: string;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) phone!: string | null;
  @Column('text') language!: Language;
  @Column('text', { name: 'preferred_channel' }) preferredChannel!: PreferredChannel;
  @Column('text') status!: PatientStatus;
  @Column('uuid', { name: 'surgeon_id' }) surgeonId!: string;
  @ManyToOne(() => UserEntity) @JoinColumn({ name: 'surgeon_id' }) surgeon?: Relation<UserEntity>;
  @Column('text', { name: 'subject_code' }) subjectCode!: string;
  @OneToMany(() => SurgeryEntity, (s) => s.patient) surgeries?: Relation<SurgeryEntity[]>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
