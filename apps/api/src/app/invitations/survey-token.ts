import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: the only secret in a survey link. Only its sha256 is stored. */
export function newSurveyToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashSurveyToken(token) };
}

export function hashSurveyToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function surveyUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/s/${token}`;
}

/** A cheap shape check before touching the database: 32 bytes in base64url is 43 characters. */
export function looksLikeSurveyToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

/** Stores a new live link for an invitation (only the hash), inside the caller's transaction. */
export async function storeSurveyTokens(
  manager: { query(sql: string, params: unknown[]): Promise<unknown> },
  rows: { invitationId: string; hash: Buffer }[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await manager.query(
    `INSERT INTO survey_tokens (token_hash, invitation_id, created_at)
     SELECT hash, invitation_id, $3 FROM unnest($1::bytea[], $2::uuid[]) AS t(hash, invitation_id)`,
    [rows.map((r) => r.hash), rows.map((r) => r.invitationId), now],
  );
}
