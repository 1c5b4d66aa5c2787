import { planBaseline, planFollowUp, planInvitations } from './invitation-plan';

describe(planInvitations.name, () => {
  const zone = 'America/New_York';

  it('plans the five time points with windows from the design', () => {
    const sut = planInvitations('2026-03-02', new Date('2026-02-20T15:00:00Z'), zone);
    expect(sut.map((p) => [p.timepoint, p.dueAt.toISOString(), p.closesAt.toISOString(), p.status])).toEqual([
      ['baseline', '2026-02-20T15:00:00.000Z', '2026-03-02T05:00:00.000Z', 'pending'],
      // 2026-03-16 09:00 EDT (DST began 2026-03-08), window 7 days: closes at the end of 03-23.
      ['2w', '2026-03-16T13:00:00.000Z', '2026-03-24T04:00:00.000Z', 'pending'],
      ['6w', '2026-04-13T13:00:00.000Z', '2026-04-28T04:00:00.000Z', 'pending'],
      ['3m', '2026-06-01T13:00:00.000Z', '2026-06-23T04:00:00.000Z', 'pending'],
      ['6m', '2026-08-31T13:00:00.000Z', '2026-09-29T04:00:00.000Z', 'pending'],
    ]);
  });

  it('sends at 09:00 local on both sides of a daylight-saving change', () => {
    const winter = planFollowUp('2w', '2026-02-20', new Date('2026-01-01T00:00:00Z'), zone);
    const summer = planFollowUp('2w', '2026-02-25', new Date('2026-01-01T00:00:00Z'), zone);
    expect(winter.dueAt.toISOString()).toBe('2026-03-06T14:00:00.000Z');
    expect(summer.dueAt.toISOString()).toBe('2026-03-11T13:00:00.000Z');
  });

  it('creates the baseline missed when the surgery is already past', () => {
    const sut = planBaseline('2026-01-10', new Date('2026-01-25T12:00:00Z'), zone);
    expect(sut.status).toBe('missed');
    expect(sut.closesAt.getTime()).toBeGreaterThan(sut.dueAt.getTime());
  });

  it('marks a follow-up whose window has already closed as missed', () => {
    expect(planFollowUp('2w', '2026-01-01', new Date('2026-01-23T12:00:00Z'), zone).status).toBe('missed');
    expect(planFollowUp('2w', '2026-01-01', new Date('2026-01-21T12:00:00Z'), zone).status).toBe('pending');
  });
});
