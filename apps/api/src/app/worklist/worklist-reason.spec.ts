import { byUrgency, worklistReason, WorklistFacts } from './worklist-reason';

describe(worklistReason.name, () => {
  const now = new Date('2026-03-10T14:00:00Z');
  const hours = (h: number): Date => new Date(now.getTime() + h * 3_600_000);
  const facts = (over: Partial<WorklistFacts>): WorklistFacts => ({
    status: 'sent',
    dueAt: hours(-24 * 5),
    closesAt: hours(24 * 2),
    lastMessageAt: hours(-72),
    messageable: true,
    ...over,
  });

  it('lists a sent survey unanswered exactly 3 days after the last message, not a minute before', () => {
    expect(worklistReason(facts({ lastMessageAt: hours(-72) }), now)).toBe('no_response');
    expect(worklistReason(facts({ lastMessageAt: new Date(hours(-72).getTime() + 60_000) }), now)).toBeNull();
    expect(worklistReason(facts({ status: 'reminded', lastMessageAt: hours(-80) }), now)).toBe('no_response');
  });

  it('names failed, unknown and unreachable surveys while they are open', () => {
    expect(worklistReason(facts({ status: 'failed' }), now)).toBe('failed');
    expect(worklistReason(facts({ status: 'unknown' }), now)).toBe('unknown');
    expect(worklistReason(facts({ status: 'failed', messageable: false }), now)).toBe('unreachable');
    expect(worklistReason(facts({ status: 'pending', lastMessageAt: null, messageable: false }), now)).toBe('unreachable');
  });

  it('leaves out what needs nobody: answered, stopped, not due yet, a due send the scheduler will make', () => {
    expect(worklistReason(facts({ status: 'completed' }), now)).toBeNull();
    expect(worklistReason(facts({ status: 'cancelled' }), now)).toBeNull();
    expect(worklistReason(facts({ status: 'pending', dueAt: hours(1), messageable: false, lastMessageAt: null }), now)).toBeNull();
    expect(worklistReason(facts({ status: 'pending', lastMessageAt: null }), now)).toBeNull();
  });

  it('keeps a survey missed in the last 7 days, then drops it', () => {
    expect(worklistReason(facts({ status: 'missed', closesAt: hours(-24 * 6) }), now)).toBe('missed');
    expect(worklistReason(facts({ status: 'failed', closesAt: hours(-1) }), now)).toBe('missed');
    expect(worklistReason(facts({ status: 'missed', closesAt: hours(-24 * 7) }), now)).toBeNull();
  });

  it('sorts open surveys closing soonest first, then the missed ones', () => {
    const rows = [
      { reason: 'missed' as const, closesAt: hours(-48) },
      { reason: 'no_response' as const, closesAt: hours(100) },
      { reason: 'missed' as const, closesAt: hours(-2) },
      { reason: 'failed' as const, closesAt: hours(5) },
    ];
    expect(rows.sort(byUrgency).map((r) => r.closesAt.getTime())).toEqual([hours(5), hours(100), hours(-2), hours(-48)].map((d) => d.getTime()));
  });
});
