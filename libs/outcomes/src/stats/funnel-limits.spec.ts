import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  FUNNEL_LIMIT_LEVELS,
  FUNNEL_RE_Z_95,
  FUNNEL_RE_Z_998,
  type FunnelLimits,
  exactBinomialLimit,
  exactFunnelLimits,
  randomEffectsFunnelLimits,
} from './funnel-limits';

interface FixtureCase {
  n: number;
  p0: number;
  limits: Record<keyof FunnelLimits, string>;
}

/** Written by funnel-fixture.gen.mjs with exact BigInt rationals, independently of @stdlib. */
const fixture: { cases: FixtureCase[] } = JSON.parse(readFileSync(join(__dirname, 'funnel-fixture.json'), 'utf8'));

const LIMIT_NAMES = Object.keys(FUNNEL_LIMIT_LEVELS) as (keyof FunnelLimits)[];

/** P(X / n < limit) for X ~ Binomial(n, p0): the chance an on-target surgeon falls below the limit. */
function chanceBelow(limit: number, n: number, p0: number): number {
  const largestBelow = Math.ceil(limit * n) - 1;
  return largestBelow < 0 ? 0 : binomialCdf(largestBelow, n, p0);
}

describe(exactBinomialLimit.name, () => {
  it.each(fixture.cases.flatMap((c) => LIMIT_NAMES.map((name) => [c.n, c.p0, name, Number(c.limits[name])] as const)))(
    'n = %i, p0 = %p: %s matches the exact rational value %p to 1e-9',
    (n, p0, name, expected) => {
      const sut = exactBinomialLimit(p0, n, FUNNEL_LIMIT_LEVELS[name]);

      expect(Math.abs(sut - expected)).toBeLessThan(1e-9);
    },
  );

  it('worked by hand at n = 1, p0 = 0.85', () => {
    // F(0) = 0.15, F(1) = 1.
    // P = 0.001 and 0.025: r = 0, a = (0.15 - P) / 0.15 > 0, so (0 - a) / 1 < 0: clamped to 0.
    // P = 0.975: r = 1, a = (1 - 0.975) / (1 - 0.15) = 0.025 / 0.85, limit = 1 - 0.025 / 0.85 = 0.970588.
    // P = 0.999: r = 1, a = 0.001 / 0.85, limit = 1 - 0.001 / 0.85 = 0.998824.
    expect(exactFunnelLimits(0.85, 1)).toEqual({
      lower998: 0,
      lower95: 0,
      upper95: expect.closeTo(1 - 0.025 / 0.85, 12),
      upper998: expect.closeTo(1 - 0.001 / 0.85, 12),
    });
  });

  it('worked by hand at n = 2, p0 = 0.85', () => {
    // F(0) = 0.15^2 = 0.0225; F(1) = 0.0225 + 2 (0.85)(0.15) = 0.2775; F(2) = 1.
    // P = 0.001: r = 0, a = (0.0225 - 0.001) / 0.0225 = 0.9556, limit = -0.9556 / 2 < 0: clamped to 0.
    // P = 0.025: F(0) < 0.025 <= F(1), r = 1, a = (0.2775 - 0.025) / (0.2775 - 0.0225) = 0.2525 / 0.255,
    //   limit = (1 - 0.990196) / 2 = 0.004902.
    // P = 0.975: r = 2, a = (1 - 0.975) / (1 - 0.2775) = 0.025 / 0.7225, limit = (2 - 0.034602) / 2 = 0.982699.
    // P = 0.999: r = 2, a = 0.001 / 0.7225, limit = (2 - 0.001384) / 2 = 0.999308.
    expect(exactFunnelLimits(0.85, 2)).toEqual({
      lower998: 0,
      lower95: expect.closeTo((1 - 0.2525 / 0.255) / 2, 12),
      upper95: expect.closeTo((2 - 0.025 / 0.7225) / 2, 12),
      upper998: expect.closeTo((2 - 0.001 / 0.7225) / 2, 12),
    });
  });

  it.each([
    [0.85, 0, 0.025],
    [0, 10, 0.025],
    [1, 10, 0.025],
    [0.85, 10, 0],
    [0.85, 10, 1],
    [0.85, 2.5, 0.025],
  ])('refuses p0 = %p, n = %p, level = %p', (p0, n, level) => {
    expect(() => exactBinomialLimit(p0, n, level)).toThrow(RangeError);
  });

  it('keeps an on-target surgeon below a lower limit with probability at most its level (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 2000 }), (p0, n) => {
        const sut = exactFunnelLimits(p0, n);

        expect(chanceBelow(sut.lower998, n, p0)).toBeLessThanOrEqual(FUNNEL_LIMIT_LEVELS.lower998);
        expect(chanceBelow(sut.lower95, n, p0)).toBeLessThanOrEqual(FUNNEL_LIMIT_LEVELS.lower95);
      }),
    );
  });
});

describe(exactFunnelLimits.name, () => {
  it('is the whole [0, 1] range with no cases', () => {
    expect(exactFunnelLimits(0.85, 0)).toEqual({ lower95: 0, upper95: 1, lower998: 0, upper998: 1 });
  });

  it('nests the 95% limits inside the 99.8% ones, within [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 0, max: 5000 }), (p0, n) => {
        const sut = exactFunnelLimits(p0, n);

        expect(0).toBeLessThanOrEqual(sut.lower998);
        expect(sut.lower998).toBeLessThanOrEqual(sut.lower95);
        expect(sut.lower95).toBeLessThanOrEqual(sut.upper95);
        expect(sut.upper95).toBeLessThanOrEqual(sut.upper998);
        expect(sut.upper998).toBeLessThanOrEqual(1);
      }),
    );
  });

  // The interpolated lower limits never fall as n grows: checked for p0 = 0.01 to 0.99 in steps of 0.01
  // and every n up to 1000 against scipy. The upper limits are not monotone at small n (e.g. p0 = 0.15,
  // upper 95% at n = 2 -> 3 rises), so nothing is claimed for them; a surgeon is never flagged above.
  it('narrows from below as n grows: lower limits are non-decreasing in n (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 1000 }), (p0, n) => {
        const smaller = exactFunnelLimits(p0, n);
        const larger = exactFunnelLimits(p0, n + 1);

        expect(larger.lower998).toBeGreaterThanOrEqual(smaller.lower998 - 1e-12);
        expect(larger.lower95).toBeGreaterThanOrEqual(smaller.lower95 - 1e-12);
      }),
    );
  });

  it('approaches the normal-approximation limits at large n', () => {
    const sut = exactFunnelLimits(0.85, 5000);
    const se = Math.sqrt((0.85 * 0.15) / 5000);

    expect(sut.lower998).toBeCloseTo(0.85 - FUNNEL_RE_Z_998 * se, 3);
    expect(sut.upper95).toBeCloseTo(0.85 + FUNNEL_RE_Z_95 * se, 3);
  });
});

describe(randomEffectsFunnelLimits.name, () => {
  it('is p0 +- z sqrt(s^2 + tau2)', () => {
    // s^2 = 0.85 * 0.15 / 100 = 0.001275; s^2 + tau2 = 0.004275; upper 99.8% = 0.85 + 0.202: clamped to 1.
    const sut = randomEffectsFunnelLimits(0.85, 100, 0.003);

    expect(sut.lower95).toBeCloseTo(0.85 - 1.959964 * Math.sqrt(0.004275), 12);
    expect(sut.upper95).toBeCloseTo(0.85 + 1.959964 * Math.sqrt(0.004275), 12);
    expect(sut.lower998).toBeCloseTo(0.85 - 3.090232 * Math.sqrt(0.004275), 12);
    expect(sut.upper998).toBe(1);
  });

  it('is the whole [0, 1] range with no cases', () => {
    expect(randomEffectsFunnelLimits(0.85, 0, 0.01)).toEqual({ lower95: 0, upper95: 1, lower998: 0, upper998: 1 });
  });

  it.each([-0.001, Number.NaN, Number.POSITIVE_INFINITY])('refuses tau2 = %p', (tau2) => {
    expect(() => randomEffectsFunnelLimits(0.85, 20, tau2)).toThrow(RangeError);
  });
});
