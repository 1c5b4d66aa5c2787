import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who counts (docs/design.md, "Stopping and who counts"): a stopped invitation keeps why it was
 * stopped, so withdrawn and opted-out patients stay in the denominators as non-responders while
 * deaths and cancelled surgeries leave them. `stop_reason` is set exactly when the status is
 * `cancelled`. A message whose invitation was stopped before it was handed over is `cancelled`.
 */
export class InvitationStopReasons1764200000000 implements MigrationInterface {
  name = 'InvitationStopReasons1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE invitations ADD COLUMN stop_reason text
                     CHECK (stop_reason IN ('surgery_cancelled', 'withdrawn', 'opted_out', 'deceased'))`);
    await q.query(`
      UPDATE invitations i
         SET stop_reason = CASE WHEN s.status = 'cancelled' THEN 'surgery_cancelled'
                                WHEN p.status IN ('withdrawn', 'opted_out', 'deceased') THEN p.status
                                ELSE 'withdrawn' END
        FROM surgeries s JOIN patients p ON p.id = s.patient_id
       WHERE s.id = i.surgery_id AND i.status = 'cancelled'`);
    await q.query(`ALTER TABLE invitations ADD CONSTRAINT invitations_stopped_has_reason_check
                     CHECK ((status = 'cancelled') = (stop_reason IS NOT NULL))`);
    // A stop clears every claim at once; a stopped row never holds a lease.
    await q.query(`UPDATE invitations SET claimed_by = NULL, lease_until = NULL WHERE status = 'cancelled'`);
    await q.query(`ALTER TABLE invitations ADD CONSTRAINT invitations_stopped_unclaimed_check
                     CHECK (status <> 'cancelled' OR claimed_by IS NULL)`);

    await q.query(`ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_status_check`);
    await q.query(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_status_check
                     CHECK (status IN ('queued', 'sent', 'failed', 'stored', 'unknown', 'cancelled'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE outbound_messages SET status = 'failed', error = coalesce(error, 'stopped') WHERE status = 'cancelled'`);
    await q.query(`ALTER TABLE outbound_messages DROP CONSTRAINT outbound_messages_status_check`);
    await q.query(`ALTER TABLE outbound_messages ADD CONSTRAINT outbound_messages_status_check
                     CHECK (status IN ('queued', 'sent', 'failed', 'stored', 'unknown'))`);
    await q.query(`ALTER TABLE invitations DROP CONSTRAINT invitations_stopped_unclaimed_check`);
    await q.query(`ALTER TABLE invitations DROP CONSTRAINT invitations_stopped_has_reason_check`);
    await q.query(`ALTER TABLE invitations DROP COLUMN stop_reason`);
  }
}
