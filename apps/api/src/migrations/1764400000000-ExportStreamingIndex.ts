import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The long export streams instead of sorting (exports/export-sql.ts): for each patient it numbers
 * the surgeries in date order (surgery_number). This index hands them over already in that order,
 * so numbering them is a walk of the index rather than a sort per patient. It also serves every
 * lookup by patient that surgeries_patient_idx served, which it replaces.
 */
export class ExportStreamingIndex1764400000000 implements MigrationInterface {
  name = 'ExportStreamingIndex1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX surgeries_patient_order_idx ON surgeries (patient_id, surgery_date, created_at)`);
    await q.query(`DROP INDEX surgeries_patient_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX surgeries_patient_idx ON surgeries (patient_id)`);
    await q.query(`DROP INDEX surgeries_patient_order_idx`);
  }
}
