import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import fc from 'fast-check';
import { FUNNEL_PEER_MIN_N, type SurgeonFunnelInput, funnelV2, suppressSmallPeers } from './funnel';
import { exactFunnelLimits } from './funnel-limits';

const surgeons = (counts: readonly { x: number; n: number }[]): SurgeonFunnelInput[] =>
  counts.map(({ x, n }, i) => ({ surgeonId: `s${i + 1}`, x, n }));

const flaggedIds = (points: readonly { surgeonId: string; flagged: boolean }[]): string[] =>
  points.filter((p) => p.flagged).map((p) => p.surgeonId);

/** Mulberry32: a small seeded PRNG, so the null simulation draws the same clinics on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function drawBinomial(random: () => number, n: number, p: number): number {
  let x = 0;
  for (let i = 0; i < n; i++) if (random() < p) x++;
  return x;
}

/** Valid funnel input: 0 to 30 surgeons, n from 0 to 400, x from 0 to n. */
const funnelInput = fc
  .array(
    fc.integer({ min: 0, max: 400 }).chain((n) => fc.record({ x: fc.integer({ min: 0, max: n }), n: fc.constant(n) })),
    { maxLength: 30 },
  )
  .map(surgeons);
const benchmark = fc.double({ min: 0.01, max: 0.99, noNaN: true });

describe(funnelV2.name, () => {
  it('flags the one surgeon at 0/40 among four at 34/40 (k = 5: exact limits, no phi)', () => {
    // The scenario. v1 estimated phi = 45.3 from these five, widened every limit by sqrt(45.3)
    // until the lower 99.8% limit reached 0, and so did not flag 0/40.
    const sut = funnelV2(surgeons([{ x: 34, n: 40 }, { x: 34, n: 40 }, { x: 34, n: 40 }, { x: 34, n: 40 }, { x: 0, n: 40 }]), 0.85);

    expect(sut).toMatchObject({ p0: 0.85, k: 5, phi: null, tau2: 0, method: 'exact-binomial' });
    expect(flaggedIds(sut.points)).toEqual(['s5']);
    // Exact limits at n = 40, p0 = 0.85 (funnel-fixture.json): lower 99.8% 0.639815, lower 95% 0.718147.
    expect(sut.points[4]).toEqual({
      surgeonId: 's5',
      n: 40,
      x: 0,
      rate: 0,
      lower95: expect.closeTo(0.718147101442467, 9),
      lower998: expect.closeTo(0.639814708072098, 9),
      upper95: expect.closeTo(0.941167064041898, 9),
      upper998: expect.closeTo(0.983358863608876, 9),
      flagged: true,
    });
  });

  it('is a normal answer when all 12 surgeons sit exactly at 85%: phi = 0, nobody flagged', () => {
    const sut = funnelV2(surgeons(Array.from({ length: 12 }, () => ({ x: 17, n: 20 }))), 0.85);

    expect(sut).toMatchObject({ k: 12, phi: 0, tau2: 0, method: 'exact-binomial' });
    expect(flaggedIds(sut.points)).toEqual([]);
    expect(sut.points[0]).toMatchObject(exactFunnelLimits(0.85, 20));
  });

  it('does not let one extreme outlier among 12 inflate phi: winsorised, it is flagged on exact limits', () => {
    // z(0/20) = -0.85 / sqrt(0.1275 / 20) = -10.65; the other 11 have z = 0. c = floor(12 / 10) = 1, so
    // the outlier's z becomes the second lowest, 0, and phi = 0. Unwinsorised phi would be 113.3 / 12 = 9.4.
    const sut = funnelV2(surgeons([...Array.from({ length: 11 }, () => ({ x: 17, n: 20 })), { x: 0, n: 20 }]), 0.85);

    expect(sut).toMatchObject({ k: 12, phi: 0, tau2: 0, method: 'exact-binomial' });
    expect(flaggedIds(sut.points)).toEqual(['s12']);
  });

  it('widens the limits by tau2 when 12 surgeons really do vary (worked by hand)', () => {
    // funnel-overdispersion.spec.ts works this case: phi = 2240/612, tau2 = 1679/88000.
    // s^2 + tau2 = 0.006375 + 0.0190795 = 0.0254545 (= 7/275), sqrt = 0.1595448:
    // lower 99.8% = 0.85 - 3.090232 * 0.1595448 = 0.356970; lower 95% = 0.85 - 1.959964 * 0.1595448 = 0.537298.
    const sut = funnelV2(surgeons([0, 12, 13, 14, 15, 16, 17, 18, 19, 20, 20, 20].map((x) => ({ x, n: 20 }))), 0.85);

    expect(sut.method).toBe('additive-random-effects');
    expect(sut.tau2).toBeCloseTo(1679 / 88000, 14);
    expect(sut.points[0]).toMatchObject({
      lower998: expect.closeTo(0.85 - 3.090232 * Math.sqrt(7 / 275), 12),
      lower95: expect.closeTo(0.85 - 1.959964 * Math.sqrt(7 / 275), 12),
      upper95: 1,
      upper998: 1,
    });
    expect(sut.points[0].lower998).toBeCloseTo(0.35697, 5);
    expect(sut.points[0].lower95).toBeCloseTo(0.537298, 6);
    // Only 0/20 is below 0.357; the next lowest, 12/20 = 0.6, is not.
    expect(flaggedIds(sut.points)).toEqual(['s1']);
  });

  it('keeps a surgeon with no cases as a point without a rate, limits or flag, and out of k', () => {
    const sut = funnelV2(surgeons([{ x: 17, n: 20 }, { x: 0, n: 0 }]), 0.85);

    expect(sut.k).toBe(1);
    expect(sut.points[1]).toEqual({
      surgeonId: 's2',
      n: 0,
      x: 0,
      rate: null,
      lower95: 0,
      lower998: 0,
      upper95: 1,
      upper998: 1,
      flagged: false,
    });
  });

  it('keeps one point per surgeon in the input order, also with random effects and no cases', () => {
    const counts = [0, 12, 13, 14, 15, 16, 17, 18, 19, 20, 20, 20].map((x) => ({ x, n: 20 }));

    const sut = funnelV2(surgeons([...counts, { x: 0, n: 0 }]), 0.85);

    expect(sut.method).toBe('additive-random-effects');
    expect(sut.points.map((p) => p.surgeonId)).toEqual(Array.from({ length: 13 }, (_, i) => `s${i + 1}`));
    expect(sut.points[12]).toMatchObject({ rate: null, lower998: 0, upper998: 1, flagged: false });
  });

  it('is empty, not an error, with no surgeons', () => {
    expect(funnelV2([], 0.85)).toEqual({ p0: 0.85, k: 0, phi: null, tau2: 0, method: 'exact-binomial', points: [] });
  });

  it.each([
    ['x > n', [{ surgeonId: 'a', x: 21, n: 20 }], 0.85],
    ['a negative count', [{ surgeonId: 'a', x: -1, n: 20 }], 0.85],
    ['a fractional count', [{ surgeonId: 'a', x: 1, n: 20.5 }], 0.85],
    ['p0 = 0', [{ surgeonId: 'a', x: 1, n: 20 }], 0],
    ['p0 = 1', [{ surgeonId: 'a', x: 1, n: 20 }], 1],
    ['p0 = NaN', [{ surgeonId: 'a', x: 1, n: 20 }], Number.NaN],
    [
      'the same surgeon twice',
      [
        { surgeonId: 'a', x: 1, n: 20 },
        { surgeonId: 'a', x: 2, n: 20 },
      ],
      0.85,
    ],
  ])('refuses %s', (_, points, p0) => {
    expect(() => funnelV2(points, p0)).toThrow(RangeError);
  });

  it('never throws for valid input; limits nested in [0, 1]; flagged exactly when rate < lower998 (property)', () => {
    fc.assert(
      fc.property(funnelInput, benchmark, (points, p0) => {
        const sut = funnelV2(points, p0);

        expect(sut.points).toHaveLength(points.length);
        for (const point of sut.points) {
          expect(0).toBeLessThanOrEqual(point.lower998);
          expect(point.lower998).toBeLessThanOrEqual(point.lower95);
          expect(point.lower95).toBeLessThanOrEqual(point.upper95);
          expect(point.upper95).toBeLessThanOrEqual(point.upper998);
          expect(point.upper998).toBeLessThanOrEqual(1);
          expect(point.flagged).toBe(point.rate !== null && point.rate < point.lower998);
        }
      }),
    );
  });

  describe('under the null: every surgeon truly at p0 = 0.85 with n = 20', () => {
    // Flagged below the lower 99.8% limit means x/20 < limit. The old normal-approximation limit
    // 0.85 - 3.09 sqrt(0.1275 / 20) = 0.603 flags x <= 12: P = 0.0059, about 6 times its nominal 0.001.
    // The exact limit, 0.5348, flags x <= 10: P = 0.00025 (conservative, as exact limits on a discrete
    // distribution are).
    const normalLower998 = 0.85 - 3.09 * Math.sqrt((0.85 * 0.15) / 20);

    it('flags a single surgeon with at most the nominal 0.1% chance, where the normal limit gave ~0.6%', () => {
      const exactLower998 = exactFunnelLimits(0.85, 20).lower998;

      expect(binomialCdf(Math.ceil(exactLower998 * 20) - 1, 20, 0.85)).toBeCloseTo(0.000248382, 9);
      expect(binomialCdf(Math.ceil(normalLower998 * 20) - 1, 20, 0.85)).toBeCloseTo(0.005921146, 9);
    });

    it('flags about 0.05% of surgeons across 2000 simulated clinics of 12 (normal limits: ~0.6%)', () => {
      // With k = 12 overdispersion is estimated, and in about a quarter of null clinics k phi > k - 1 by
      // chance, so those clinics get the (normal-based, widened) random-effects limits. Over all clinics
      // the flag rate stays well under 0.1% (numpy, 20000 clinics: 0.0005).
      const random = seededRandom(20050415);
      let surgeonsSeen = 0;
      let flaggedV2 = 0;
      let flaggedNormal = 0;
      for (let clinic = 0; clinic < 2000; clinic++) {
        const counts = Array.from({ length: 12 }, () => ({ x: drawBinomial(random, 20, 0.85), n: 20 }));
        const sut = funnelV2(surgeons(counts), 0.85);
        surgeonsSeen += counts.length;
        flaggedV2 += sut.points.filter((p) => p.flagged).length;
        flaggedNormal += counts.filter(({ x, n }) => x / n < normalLower998).length;
      }

      expect(flaggedV2 / surgeonsSeen).toBeLessThan(0.002);
      expect(flaggedNormal / surgeonsSeen).toBeGreaterThan(0.004);
      expect(flaggedNormal).toBeGreaterThan(4 * flaggedV2);
    });
  });
});

describe(suppressSmallPeers.name, () => {
  const points = [
    { surgeonId: 'me', n: 3 },
    { surgeonId: 'big', n: 40 },
    { surgeonId: 'small', n: 9 },
    { surgeonId: 'none', n: 0 },
    { surgeonId: 'edge', n: FUNNEL_PEER_MIN_N },
  ];

  it('keeps the caller whatever their n, and peers with n >= 10, in order; counts the rest', () => {
    const sut = suppressSmallPeers(points, 'me');

    expect(sut.points.map((p) => p.surgeonId)).toEqual(['me', 'big', 'edge']);
    expect(sut.suppressed).toBe(2);
  });

  it('suppresses every small point for a caller who is not in the funnel', () => {
    expect(suppressSmallPeers(points, 'someone-else')).toEqual({ points: [points[1], points[4]], suppressed: 3 });
  });

  it('passes the points through unchanged, funnel fields included', () => {
    const funnel = funnelV2(surgeons([{ x: 17, n: 20 }, { x: 2, n: 5 }]), 0.85);

    const sut = suppressSmallPeers(funnel.points, 's2');

    expect(sut).toEqual({ points: funnel.points, suppressed: 0 });
  });
});
