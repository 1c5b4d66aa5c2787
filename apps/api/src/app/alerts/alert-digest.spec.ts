import { composeAlertDigest } from './alert-digest';

describe(composeAlertDigest.name, () => {
  const sut = composeAlertDigest;
  const url = 'https://stride.example/alerts';

  it('names a patient by first name and family initial only, with the time point and the kind', () => {
    const mail = sut('Dr Ana Ruiz', [{ givenName: 'Maria', familyName: 'Gonzalez', timepoint: '6w', kind: 'leg_pain_worse' }], url);
    expect(mail.subject).toBe('Stride: 1 open alert on your patients');
    expect(mail.body).toContain('- Maria G., 6 weeks: leg pain worse than before surgery');
    expect(mail.body).toContain(url);
    expect(mail.body).not.toContain('Gonzalez');
  });

  it('lists at most 20 and says how many more', () => {
    const lines = Array.from({ length: 23 }, (_, n) => ({ givenName: `P${n}`, familyName: 'Smith', timepoint: '3m', kind: 'dissatisfied' as const }));
    const mail = sut('Dr X', lines, url);
    expect(mail.subject).toBe('Stride: 23 open alerts on your patients');
    expect(mail.body.split('\n').filter((l) => l.startsWith('- P'))).toHaveLength(20);
    expect(mail.body).toContain('- and 3 more');
  });
});
