// Input checks shared by the statistics. They throw, because a bad count is a bug in the caller's
// aggregation (a 500 to fix), never something to paper over with a plausible-looking number.

export function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative whole number, got ${value}`);
  }
}

export function assertAtMost(smallName: string, small: number, bigName: string, big: number): void {
  if (small > big) {
    throw new RangeError(`${smallName} (${small}) cannot exceed ${bigName} (${big})`);
  }
}

export function assertProbability(name: string, value: number, { open }: { open: boolean }): void {
  const ok = open ? value > 0 && value < 1 : value >= 0 && value <= 1;
  if (!Number.isFinite(value) || !ok) {
    throw new RangeError(`${name} must be a probability ${open ? 'strictly between 0 and 1' : 'from 0 to 1'}, got ${value}`);
  }
}

export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
