import type { Answers, InvitationView, ScoreView, Timepoint } from '@stride/contracts';
import type { InvitationEntity } from './invitation.entity';
import type { ResponseEntity } from './response.entity';
import { answerWindow } from './invitation-plan';
import { invitationActions } from './invitation-lifecycle';

/** What an invitation's view needs beyond its row: the facts the lifecycle decides actions on. */
export interface InvitationContext {
  surgeryDate: string;
  surgeryScheduled: boolean;
  patientActive: boolean;
  reachable: boolean;
  now: Date;
  zone: string;
}

export function toInvitationView(invitation: InvitationEntity, context: InvitationContext): InvitationView {
  const opensAt = answerWindow(invitation.timepoint, context.surgeryDate, context.zone).opensAt;
  return {
    id: invitation.id,
    timepoint: invitation.timepoint,
    dueAt: invitation.dueAt.toISOString(),
    closesAt: invitation.closesAt.toISOString(),
    status: invitation.status,
    stopReason: invitation.stopReason,
    opensAt: opensAt.toISOString(),
    actions: invitationActions({ ...context, status: invitation.status, opensAt, closesAt: invitation.closesAt }, context.now),
    sentAt: invitation.sentAt?.toISOString() ?? null,
    remindedAt: invitation.remindedAt?.toISOString() ?? null,
    reminderCount: invitation.reminderCount,
    openedAt: invitation.openedAt?.toISOString() ?? null,
    completedAt: invitation.completedAt?.toISOString() ?? null,
    attempts: invitation.attempts,
    lastError: invitation.lastError,
  };
}

export function responseAnswers(response: ResponseEntity): Answers {
  return {
    legPain: response.legPain,
    backPain: response.backPain,
    walkingDistance: response.walkingDistance,
    satisfaction: response.satisfaction,
  };
}

export function toScoreView(timepoint: Timepoint, response: ResponseEntity): ScoreView {
  return {
    timepoint,
    mode: response.mode,
    collectedAt: response.collectedAt.toISOString(),
    answers: responseAnswers(response),
    // The default definition's flag (success v2); the stamp names every version stored.
    success: response.successV2,
    satisfied: response.satisfied,
    definitionVersion: response.definitionVersion,
  };
}
