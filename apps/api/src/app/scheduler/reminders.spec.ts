import { reminderDueAt } from './reminders';

describe(reminderDueAt.name, () => {
  const zone = 'America/New_York';
  const closes = new Date('2026-03-24T04:00:00Z');

  it('reminds on day 3 and day 7 after the first send at 09:00 clinic time, across a DST change', () => {
    const sent = new Date('2026-03-06T14:00:00Z'); // 09:00 EST, two days before DST starts
    expect(reminderDueAt(sent, 1, closes, zone)?.toISOString()).toBe('2026-03-09T13:00:00.000Z'); // 09:00 EDT
    expect(reminderDueAt(sent, 2, closes, zone)?.toISOString()).toBe('2026-03-13T13:00:00.000Z');
    expect(reminderDueAt(sent, 3, closes, zone)).toBeNull();
  });

  it('skips a reminder that would fall after the window closes', () => {
    const sent = new Date('2026-03-19T13:00:00Z');
    expect(reminderDueAt(sent, 1, closes, zone)?.toISOString()).toBe('2026-03-22T13:00:00.000Z');
    expect(reminderDueAt(sent, 2, closes, zone)).toBeNull();
  });
});
