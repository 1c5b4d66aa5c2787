import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LICENSED_INSTRUMENTS, LicensedInstrument, LicensedText, validateLicensedItemText } from '@stride/outcomes';

export class LicensedTextError extends Error {
  constructor(readonly problems: string[]) {
    super(`Licensed instrument text is not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'LicensedTextError';
  }
}

/**
 * Stride ships scoring for licensed instruments (ODI, ZCQ) but never their wording. A licensed
 * site puts its own text in LICENSED_TEXT_DIR as `<instrument>.json`; it is checked here, at boot,
 * against the scoring engine's item count and answer ranges, so a wrong file stops the server
 * with a message instead of producing unscoreable answers later.
 */
export function loadLicensedTexts(dir: string | undefined): Map<LicensedInstrument, LicensedText> {
  const texts = new Map<LicensedInstrument, LicensedText>();
  if (!dir) return texts;
  if (!existsSync(dir)) throw new LicensedTextError([`LICENSED_TEXT_DIR ${dir} does not exist`]);
  const problems: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const instrument = file.replace(/\.json$/, '') as LicensedInstrument;
    if (!LICENSED_INSTRUMENTS.includes(instrument)) {
      problems.push(`${file}: unknown instrument (expected one of ${LICENSED_INSTRUMENTS.map((i) => `${i}.json`).join(', ')})`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const result = validateLicensedItemText(json, instrument);
    if (result.ok) texts.set(instrument, result.text);
    else problems.push(...result.errors.map((e) => `${file}: ${e}`));
  }
  if (problems.length > 0) throw new LicensedTextError(problems);
  return texts;
}
