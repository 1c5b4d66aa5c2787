import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PatientEntity } from './patient.entity';
import { PatientsService } from './patients.service';
import { PatientsController } from './patients.controller';
import { SurgeriesService } from '../surgeries/surgeries.service';
import { SurgeriesController } from '../surgeries/surgeries.controller';
import { InvitationsModule } from '../invitations/invitations.module';
import { UsersModule } from '../users/users.module';
import { PatientImportService } from './patient-import.service';

// Surgeries live under patients in the API (POST /patients/:id/surgeries) and share its access rules.
@Module({
  imports: [TypeOrmModule.forFeature([PatientEntity]), InvitationsModule, UsersModule],
  providers: [PatientsService, SurgeriesService, PatientImportService],
  controllers: [PatientsController, SurgeriesController],
})
export class PatientsModule {}
