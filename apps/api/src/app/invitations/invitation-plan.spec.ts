import { DEFAULT_FOLLOW_UPS, answerWindow, planBaseline, planFollowUp, planInvitations } from './invitation-plan';

describe(planInvitations.name, () => {
  const zone = 'America/New_York';

  it('plans the baseline and the default four follow-ups with windows from the design', () => {
    const sut = planInvitations('2026-03-02', new Date('2026-02-20T15:00:00Z'), zone, DEFAULT_FOLLOW_UPS);
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

  it('plans 12m (+365 days, 42-day window) and 24m (+730 days, 56-day window) when configured', () => {
    const sut = planInvitations('2026-03-02', new Date('2026-02-20T15:00:00Z'), zone, ['6m', '12m', '24m']);
    expect(sut.map((p) => [p.timepoint, p.dueAt.toISOString(), p.closesAt.toISOString(), p.status])).toEqual([
      ['baseline', '2026-02-20T15:00:00.000Z', '2026-03-02T05:00:00.000Z', 'pending'],
      ['6m', '2026-08-31T13:00:00.000Z', '2026-09-29T04:00:00.000Z', 'pending'],
      // 2027-03-02 09:00 EST (DST begins 2027-03-14); last day 2027-04-13, closing as it ends (EDT).
      ['12m', '2027-03-02T14:00:00.000Z', '2027-04-14T04:00:00.000Z', 'pending'],
      // 730 days crosses 29 February 2028: 2028-03-01 09:00 EST; last day 2028-04-26.
      ['24m', '2028-03-01T14:00:00.000Z', '2028-04-27T04:00:00.000Z', 'pending'],
    ]);
    expect(answerWindow('12m', '2026-03-02', zone)).toMatchObject({ firstDay: '2027-02-23', lastDay: '2027-04-13' });
    expect(answerWindow('24m', '2026-03-02', zone)).toMatchObject({ firstDay: '2028-02-23', lastDay: '2028-04-26' });
  });

  it('answers a window asked again from memory, in fresh objects, and per time zone', () => {
    const first = answerWindow('6w', '2026-03-02', 'America/New_York');
    first.opensAt.setTime(0);
    const again = answerWindow('6w', '2026-03-02', 'America/New_York');
    expect(again.opensAt.getTime()).not.toBe(0);
    expect(again).toEqual(answerWindow('6w', '2026-03-02', 'America/New_York'));
    expect(answerWindow('6w', '2026-03-02', 'Asia/Tokyo').opensAt.getTime() - again.opensAt.getTime()).toBe(-13 * 3600 * 1000) // midnight in Tokyo (UTC+9) against New York in April (UTC-4);
  });
});
