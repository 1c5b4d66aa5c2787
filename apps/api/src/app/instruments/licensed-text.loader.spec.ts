import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LicensedTextError, loadLicensedTexts } from './licensed-text.loader';

/** Placeholder wording only: the repository never holds licensed item text. */
function placeholderOdi(sections = 10): unknown {
  return {
    instrument: 'odi',
    notice: 'Placeholder text for tests',
    items: Array.from({ length: sections }, (_, i) => ({
      text: { en: `Section ${i + 1} (placeholder)` },
      options: Array.from({ length: 6 }, (_, value) => ({ value, label: { en: `Option ${value} (placeholder)` } })),
    })),
  };
}

describe(loadLicensedTexts.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stride-licensed-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads nothing when no directory is configured', () => {
    expect(loadLicensedTexts(undefined).size).toBe(0);
  });

  it('loads a valid ODI text', () => {
    writeFileSync(join(dir, 'odi.json'), JSON.stringify(placeholderOdi()));
    const sut = loadLicensedTexts(dir);
    expect(sut.get('odi')?.items).toHaveLength(10);
  });

  it('stops boot with a message naming the file and the problem', () => {
    writeFileSync(join(dir, 'odi.json'), JSON.stringify(placeholderOdi(9)));
    writeFileSync(join(dir, 'eq5d.json'), '{}');
    expect(() => loadLicensedTexts(dir)).toThrow(LicensedTextError);
    try {
      loadLicensedTexts(dir);
    } catch (error) {
      const problems = (error as LicensedTextError).problems.join('\n');
      expect(problems).toMatch(/odi\.json: .*10/);
      expect(problems).toMatch(/eq5d\.json: unknown instrument/);
    }
  });
});
