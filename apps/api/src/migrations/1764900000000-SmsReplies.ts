import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Texts patients send back (POST /public/sms/inbound) that are not a keyword: kept for staff on
 * the patient's page. The index finds a sender's patients by the last 7 digits of the number
 * as stored (free-form: "(212) 555-0142", "+12125550142"); the exact match on the normalised
 * E.164 number is then made in code (sms-inbound/phone-number.ts), the one owner of that rule.
 */
export class SmsReplies1764900000000 implements MigrationInterface {
  name = 'SmsReplies1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_replies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
        received_at timestamptz NOT NULL,
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 1600)
      )`);
    await q.query(`CREATE INDEX sms_replies_patient_idx ON sms_replies (patient_id, received_at DESC)`);
    await q.query(`CREATE INDEX patients_phone_tail_idx ON patients (right(regexp_replace(phone, '[^0-9]', '', 'g'), 7)) WHERE phone IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX patients_phone_tail_idx`);
    await q.query(`DROP TABLE sms_replies`);
  }
}
