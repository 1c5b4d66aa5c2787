import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Success v2 (issue #8) beside v1: each follow-up response keeps its v1 flag in `success` and gets
 * its v2 flag in `success_v2`, so figures can be asked for under either version and no v1 figure
 * changes. Existing responses are scored here once, with v2's rule as it is published and frozen
 * (SUCCESS_V2 in libs/outcomes: v1, except not evaluable when baseline leg pain is below 3); new
 * ones are scored by ResponsesService with the library. The stamp names all three versions.
 */
export class SuccessV21764610000000 implements MigrationInterface {
  name = 'SuccessV21764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE responses ADD COLUMN success_v2 boolean`);
    await q.query(`
      UPDATE responses r
         SET success_v2 = CASE WHEN br.leg_pain < 3 THEN NULL ELSE r.success END
        FROM invitations i
        JOIN invitations bi ON bi.surgery_id = i.surgery_id AND bi.timepoint = 'baseline'
        JOIN responses br ON br.invitation_id = bi.id
       WHERE r.invitation_id = i.id AND i.timepoint <> 'baseline' AND r.success IS NOT NULL`);
    await q.query(`UPDATE responses SET definition_version = 'success-v1;success-v2;satisfied-v1' WHERE definition_version = 'success-v1;satisfied-v1'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE responses SET definition_version = 'success-v1;satisfied-v1' WHERE definition_version = 'success-v1;success-v2;satisfied-v1'`);
    await q.query(`ALTER TABLE responses DROP COLUMN success_v2`);
  }
}
