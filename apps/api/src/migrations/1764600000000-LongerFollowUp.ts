import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Longer follow-up (issue #8): invitations may be planned at 12 and 24 months (FOLLOW_UP_TIMEPOINTS).
 * Only the CHECK on the time point changes; which of them a clinic uses is configuration.
 */
export class LongerFollowUp1764600000000 implements MigrationInterface {
  name = 'LongerFollowUp1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations DROP CONSTRAINT invitations_timepoint_check`);
    await q.query(
      `ALTER TABLE invitations ADD CONSTRAINT invitations_timepoint_check
         CHECK (timepoint IN ('baseline', '2w', '6w', '3m', '6m', '12m', '24m'))`,
    );
  }

  /** Refused by PostgreSQL while any 12m or 24m invitation exists: going back would need them deleted first. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations DROP CONSTRAINT invitations_timepoint_check`);
    await q.query(`ALTER TABLE invitations ADD CONSTRAINT invitations_timepoint_check CHECK (timepoint IN ('baseline', '2w', '6w', '3m', '6m'))`);
  }
}
