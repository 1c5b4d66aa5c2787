import type { AlertKind, Answers, Timepoint } from '@stride/contracts';

/** One reason a stored response needs the surgeon's eyes. */
export interface AlertFinding {
  kind: AlertKind;
  /** A short sentence for staff, e.g. "Leg pain 8 vs 5 at baseline". */
  detail: string;
}

// Contract v1.1, "Coordinator and follow-up": a response worse than it should be after surgery.
// - Leg pain at or above baseline + 2: a rise of 2 points on the 0-10 NRS is the same size as the
//   minimal important change used for success (Ostelo 2008), so this is a change a patient feels,
//   in the wrong direction.
// - Walking distance down 2 bins or more: one bin can be a bad week; two (e.g. 1-2 km to under 200 m)
//   is a return of claudication that may mean restenosis or a complication.
// - Satisfaction 1 or 2 (very or somewhat dissatisfied): needs no baseline.
// The baseline itself never alerts: it is before surgery, and bad answers there are why the patient
// is having it. Without a baseline (or with the item unanswered on either side) only satisfaction
// can alert.
const LEG_PAIN_RISE = 2;
const WALKING_DROP_BINS = 2;
const DISSATISFIED_AT_MOST = 2;

const WALKING_BIN_LABELS = ['< 50 m', '50-200 m', '200 m-1 km', '1-2 km', '> 2 km'];
const SATISFACTION_LABELS: Record<number, string> = { 1: 'very dissatisfied', 2: 'somewhat dissatisfied' };

export function alertFindings(timepoint: Timepoint, followUp: Answers, baseline?: Answers | null): AlertFinding[] {
  if (timepoint === 'baseline') return [];
  const findings: AlertFinding[] = [];
  const legBefore = numberOf(baseline?.legPain);
  const legAfter = numberOf(followUp.legPain);
  if (legBefore !== null && legAfter !== null && legAfter >= legBefore + LEG_PAIN_RISE) {
    findings.push({ kind: 'leg_pain_worse', detail: `Leg pain ${legAfter} vs ${legBefore} at baseline` });
  }
  const walkBefore = numberOf(baseline?.walkingDistance);
  const walkAfter = numberOf(followUp.walkingDistance);
  if (walkBefore !== null && walkAfter !== null && walkBefore - walkAfter >= WALKING_DROP_BINS) {
    findings.push({
      kind: 'walking_worse',
      detail: `Walking distance ${binLabel(walkAfter)} vs ${binLabel(walkBefore)} at baseline`,
    });
  }
  const satisfaction = numberOf(followUp.satisfaction);
  if (satisfaction !== null && satisfaction <= DISSATISFIED_AT_MOST) {
    findings.push({ kind: 'dissatisfied', detail: `Satisfaction ${satisfaction} of 5 (${SATISFACTION_LABELS[satisfaction] ?? 'dissatisfied'})` });
  }
  return findings;
}

function numberOf(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function binLabel(bin: number): string {
  return WALKING_BIN_LABELS[bin] ?? `bin ${bin}`;
}
