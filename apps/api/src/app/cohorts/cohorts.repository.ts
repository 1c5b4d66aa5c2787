import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SuccessDefinition, Timepoint } from '@stride/contracts';
import { SUCCESS_FLAG_COLUMN } from '../invitations/outcome-flags';
import type { CaseMixCase, Moments } from '@stride/outcomes';
import { CohortFilters, surgeryConditions } from './cohort-filters';

export interface SurgeonCounts {
  surgeonId: string;
  surgeonName: string;
  surgeonCode: string;
  x: number;
  n: number;
}

export interface TimepointCounts {
  timepoint: Timepoint;
  eligible: number;
  responded: number;
  successN: number;
  successX: number;
  satisfiedN: number;
  satisfiedX: number;
  /** Leg pain and its change from baseline (follow-up minus baseline) as moments: meanStatFromMoments. */
  legPain: Moments;
  legPainChange: Moments;
  walkingBins: number[];
  /** Left out of `eligible`: stopped because the patient died. */
  deceased: number;
  /** Counted in `eligible` as non-responders: stopped by withdrawal or opt-out. */
  withdrawn: number;
  optedOut: number;
  /** Responders success v2 leaves out because baseline leg pain was below 3 (0 under v1). */
  notEvaluableLowBaseline: number;
}

/**
 * Who counts (docs/design.md, "Stopping and who counts"), as SQL on alias `i`: every invitation of a
 * surgery not cancelled that was answered or whose window has closed, except those stopped because
 * the patient died. Withdrawn and opted-out patients stay in as non-responders. The long export
 * selects exactly these rows, so a researcher can recompute every figure from the export alone.
 */
export const ELIGIBLE = `(i.status = 'completed' OR i.closes_at <= $1) AND i.stop_reason IS DISTINCT FROM 'deceased'
  AND i.stop_reason IS DISTINCT FROM 'surgery_cancelled'`;

/** The dashboard's counting, in SQL, over the ELIGIBLE rows. */
@Injectable()
export class CohortsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Leg pain reaches Node as count, sum and sum of squares per time point, not as every value: the
   * mean and its t interval need nothing more (meanStatFromMoments), and aggregates that PostgreSQL
   * can combine across workers leave it free to scan in parallel.
   */
  async countByTimepoint(filters: CohortFilters, now: Date, definition: SuccessDefinition): Promise<TimepointCounts[]> {
    const where = surgeryConditions(filters, 1);
    const success = `r.${SUCCESS_FLAG_COLUMN[definition]}`;
    // v1 evaluable and v2 not: exactly the cases v2's low-baseline rule leaves out (no rule restated here).
    const lowBaseline = definition === 'success-v2' ? `r.success IS NOT NULL AND r.success_v2 IS NULL` : 'false';
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH cohort AS (
         SELECT s.id AS surgery_id, br.leg_pain AS baseline_leg_pain
           FROM surgeries s
           LEFT JOIN invitations bi ON bi.surgery_id = s.id AND bi.timepoint = 'baseline'
           LEFT JOIN responses br ON br.invitation_id = bi.id
          WHERE ${where.sql}
       ), rows AS (
         SELECT i.timepoint, i.status, i.stop_reason, ${success} AS success, r.satisfied, r.leg_pain, r.walking_distance,
                (${lowBaseline}) AS low_baseline,
                -- Follow-up minus baseline (an improvement is negative); null without both, and at baseline.
                CASE WHEN i.timepoint <> 'baseline' THEN (r.leg_pain - c.baseline_leg_pain)::int END AS leg_pain_change,
                (${ELIGIBLE}) AS eligible
           FROM cohort c
           JOIN invitations i ON i.surgery_id = c.surgery_id
           LEFT JOIN responses r ON r.invitation_id = i.id
          WHERE i.status = 'completed' OR i.closes_at <= $1
       )
       SELECT timepoint,
              count(*) FILTER (WHERE eligible)::int AS eligible,
              count(*) FILTER (WHERE stop_reason = 'deceased')::int AS deceased,
              count(*) FILTER (WHERE eligible AND stop_reason = 'withdrawn')::int AS withdrawn,
              count(*) FILTER (WHERE eligible AND stop_reason = 'opted_out')::int AS opted_out,
              count(*) FILTER (WHERE status = 'completed')::int AS responded,
              count(success)::int AS success_n,
              count(*) FILTER (WHERE success)::int AS success_x,
              count(*) FILTER (WHERE low_baseline)::int AS low_baseline,
              count(satisfied)::int AS satisfied_n,
              count(*) FILTER (WHERE satisfied)::int AS satisfied_x,
              count(leg_pain)::int AS leg_pain_n,
              coalesce(sum(leg_pain), 0)::float8 AS leg_pain_sum,
              coalesce(sum(leg_pain::int * leg_pain::int), 0)::float8 AS leg_pain_sum_squares,
              count(leg_pain_change)::int AS change_n,
              coalesce(sum(leg_pain_change), 0)::float8 AS change_sum,
              coalesce(sum(leg_pain_change * leg_pain_change), 0)::float8 AS change_sum_squares,
              ARRAY[
                count(*) FILTER (WHERE walking_distance = 0), count(*) FILTER (WHERE walking_distance = 1),
                count(*) FILTER (WHERE walking_distance = 2), count(*) FILTER (WHERE walking_distance = 3),
                count(*) FILTER (WHERE walking_distance = 4)
              ]::int[] AS walking_bins
         FROM rows
        GROUP BY timepoint`,
      [now, ...where.params],
    );
    return rows.map((row) => ({
      timepoint: row['timepoint'] as Timepoint,
      eligible: row['eligible'] as number,
      responded: row['responded'] as number,
      successN: row['success_n'] as number,
      successX: row['success_x'] as number,
      satisfiedN: row['satisfied_n'] as number,
      satisfiedX: row['satisfied_x'] as number,
      legPain: { n: row['leg_pain_n'] as number, sum: row['leg_pain_sum'] as number, sumSquares: row['leg_pain_sum_squares'] as number },
      legPainChange: { n: row['change_n'] as number, sum: row['change_sum'] as number, sumSquares: row['change_sum_squares'] as number },
      walkingBins: (row['walking_bins'] as number[]).map(Number),
      deceased: row['deceased'] as number,
      withdrawn: row['withdrawn'] as number,
      optedOut: row['opted_out'] as number,
      notEvaluableLowBaseline: row['low_baseline'] as number,
    }));
  }

  /** The newest collection time among the cohort's counted (ELIGIBLE, completed) responses; null with none. */
  async latestResponseAt(filters: CohortFilters, now: Date): Promise<Date | null> {
    const where = surgeryConditions(filters, 1);
    const [row] = (await this.dataSource.query(
      `SELECT max(r.collected_at) AS latest
         FROM surgeries s
         JOIN invitations i ON i.surgery_id = s.id AND i.status = 'completed' AND ${ELIGIBLE}
         JOIN responses r ON r.invitation_id = i.id
        WHERE ${where.sql}`,
      [now, ...where.params],
    )) as { latest: Date | null }[];
    return row?.latest ?? null;
  }

  /** Per surgeon, at one time point: evaluable cases (n) and cases meeting the definition (x). */
  /** `flag` is the stored column counted: a success definition's (SUCCESS_FLAG_COLUMN) or `satisfied`. */
  async countBySurgeon(filters: CohortFilters, timepoint: Timepoint, column: 'success' | 'success_v2' | 'satisfied'): Promise<SurgeonCounts[]> {
    const where = surgeryConditions(filters, 1);
    const flag = `r.${column}`;
    const rows: { surgeon_id: string; name: string; surgeon_code: string; x: number; n: number }[] = await this.dataSource.query(
      `SELECT u.id AS surgeon_id, u.name, u.surgeon_code,
              count(*) FILTER (WHERE ${flag})::int AS x,
              count(${flag})::int AS n
         FROM users u
         LEFT JOIN surgeries s ON s.surgeon_id = u.id AND ${where.sql}
         LEFT JOIN invitations i ON i.surgery_id = s.id AND i.timepoint = $1 AND i.status = 'completed'
         LEFT JOIN responses r ON r.invitation_id = i.id
        WHERE u.role = 'surgeon'
        GROUP BY u.id, u.name, u.surgeon_code
        ORDER BY u.surgeon_code`,
      [timepoint, ...where.params],
    );
    return rows.map((r) => ({ surgeonId: r.surgeon_id, surgeonName: r.name, surgeonCode: r.surgeon_code, x: r.x, n: r.n }));
  }

  /**
   * Every evaluable case at one time point, with what the case-mix model adjusts for: the stored
   * success flag, the baseline leg pain and walking bin it was scored against, the age at surgery
   * capped at 90 and the procedure. Capped as the export writes it, so the export alone reproduces
   * every case-mix figure (docs/design.md, "Reproducibility"). Evaluable means what the funnel counts
   * (a completed response with a success flag); the baseline answers are there whenever the flag is,
   * since success v1 needs both.
   */
  async caseMixCases(filters: CohortFilters, timepoint: Timepoint, column: 'success' | 'success_v2'): Promise<CaseMixCase[]> {
    const where = surgeryConditions(filters, 1);
    const rows: { surgeon_id: string; success: boolean; age: number; leg_pain: number; walking: number; procedure: CaseMixCase['procedure'] }[] =
      await this.dataSource.query(
        `SELECT s.surgeon_id, r.${column} AS success, s.procedure,
                LEAST(90, extract(year FROM age(s.surgery_date, p.birth_date)))::int AS age,
                br.leg_pain, br.walking_distance AS walking
           FROM surgeries s
           JOIN patients p ON p.id = s.patient_id
           JOIN invitations i ON i.surgery_id = s.id AND i.timepoint = $1 AND i.status = 'completed'
           JOIN responses r ON r.invitation_id = i.id AND r.${column} IS NOT NULL
           JOIN invitations bi ON bi.surgery_id = s.id AND bi.timepoint = 'baseline'
           JOIN responses br ON br.invitation_id = bi.id AND br.leg_pain IS NOT NULL AND br.walking_distance IS NOT NULL
          WHERE ${where.sql}
          ORDER BY s.surgeon_id, s.id`,
        [timepoint, ...where.params],
      );
    return rows.map((r) => ({
      surgeonId: r.surgeon_id,
      success: r.success,
      ageAtSurgery: r.age,
      baselineLegPain: r.leg_pain,
      baselineWalkingBin: r.walking,
      procedure: r.procedure,
    }));
  }

  async surgeons(): Promise<{ id: string; name: string; surgeonCode: string }[]> {
    const rows: { id: string; name: string; surgeon_code: string }[] = await this.dataSource.query(
      `SELECT id, name, surgeon_code FROM users WHERE role = 'surgeon' ORDER BY name`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, surgeonCode: r.surgeon_code }));
  }
}
