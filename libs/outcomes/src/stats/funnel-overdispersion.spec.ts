import fc from 'fast-check';
import { FUNNEL_MIN_SURGEONS_FOR_PHI, funnelOverdispersion, winsorise } from './funnel-overdispersion';

const onTarget = (count: number): { x: number; n: number }[] => Array.from({ length: count }, () => ({ x: 17, n: 20 }));

describe(winsorise.name, () => {
  it('pulls the extremes in to their neighbours and keeps the order', () => {
    expect(winsorise([5, -40, 1, 2, 3, 4, 100], 1)).toEqual([5, 1, 1, 2, 3, 4, 5]);
    expect(winsorise([9, 0, 1, 2, 3, 4, 5, 6, 7, 8], 2)).toEqual([7, 2, 2, 2, 3, 4, 5, 6, 7, 7]);
  });

  it('leaves the values alone with nothing to trim', () => {
    expect(winsorise([3, -1, 2], 0)).toEqual([3, -1, 2]);
  });

  it('refuses to trim everything', () => {
    expect(() => winsorise([1, 2], 1)).toThrow(RangeError);
  });
});

describe(funnelOverdispersion.name, () => {
  it('estimates nothing below 10 surgeons with cases, however spread out they are', () => {
    const sut = funnelOverdispersion([...onTarget(8), { x: 0, n: 40 }], 0.85);

    expect(sut).toEqual({ k: 9, phi: null, tau2: 0, method: 'exact-binomial' });
    expect(FUNNEL_MIN_SURGEONS_FOR_PHI).toBe(10);
  });

  it('leaves surgeons with no cases out of k', () => {
    const sut = funnelOverdispersion([...onTarget(9), { x: 0, n: 0 }, { x: 0, n: 0 }], 0.85);

    expect(sut.k).toBe(9);
    expect(sut.phi).toBeNull();
    expect(funnelOverdispersion([...onTarget(10), { x: 0, n: 0 }], 0.85).k).toBe(10);
    expect(funnelOverdispersion([], 0.85)).toEqual({ k: 0, phi: null, tau2: 0, method: 'exact-binomial' });
  });

  it('is phi = 0 with every surgeon exactly on target: a normal answer', () => {
    expect(funnelOverdispersion(onTarget(12), 0.85)).toEqual({ k: 12, phi: 0, tau2: 0, method: 'exact-binomial' });
  });

  it('winsorises one extreme outlier among 12 (worked by hand)', () => {
    // p0 = 0.85, n = 20: s^2 = 0.1275 / 20 = 0.006375, and one success is 0.05 / s = 0.626224 in z, so
    // x = 0, 12, 13, ..., 20, 20, 20 have z = u * (-17, -5, -4, -3, -2, -1, 0, 1, 2, 3, 3, 3), u^2 = 20/51.
    // k = 12, c = floor(1.2) = 1: the lowest z (-17u, from 0/20) becomes the second lowest (-5u) and the
    // highest (3u) the second highest (3u). Sum of squares = (25 + 25 + 16 + 9 + 4 + 1 + 0 + 1 + 4 + 9 +
    // 9 + 9) u^2 = 112 u^2, so phi = 112 (20/51) / 12 = 2240/612 = 3.66013.
    // k phi = 2240/51 > k - 1 = 11, and with equal n, sum w - sum w^2 / sum w = 11 w, w = 1/s^2 = 8000/51:
    // tau2 = (2240/51 - 561/51) / (88000/51) = 1679/88000 = 0.0190795.
    // Unwinsorised, the outlier alone would add (289 - 25) u^2 and phi would be 7520/612 = 12.29.
    const points = [0, 12, 13, 14, 15, 16, 17, 18, 19, 20, 20, 20].map((x) => ({ x, n: 20 }));

    const sut = funnelOverdispersion(points, 0.85);

    expect(sut.k).toBe(12);
    expect(sut.phi).toBeCloseTo(2240 / 612, 12);
    expect(sut.tau2).toBeCloseTo(1679 / 88000, 14);
    expect(sut.method).toBe('additive-random-effects');
  });

  it('weights surgeons by their n (checked against an independent numpy computation)', () => {
    // 11 surgeons, c = 1. numpy: unwinsorised phi 9.2395, winsorised phi 4.0285205, tau2 0.0078302557.
    const points = [
      { x: 12, n: 20 },
      { x: 20, n: 20 },
      { x: 30, n: 40 },
      { x: 38, n: 40 },
      { x: 51, n: 60 },
      { x: 45, n: 60 },
      { x: 70, n: 80 },
      { x: 60, n: 80 },
      { x: 85, n: 100 },
      { x: 95, n: 100 },
      { x: 10, n: 30 },
    ];

    const sut = funnelOverdispersion(points, 0.85);

    expect(sut.k).toBe(11);
    expect(sut.phi).toBeCloseTo(4.028520499108733, 12);
    expect(sut.tau2).toBeCloseTo(0.007830255681818181, 14);
  });

  it('keeps tau2 = 0 when surgeons vary no more than chance (k phi <= k - 1)', () => {
    // 10 surgeons at z = +-u (16/20 and 18/20): phi = u^2 = 20/51 < 9/10.
    const points = Array.from({ length: 10 }, (_, i) => ({ x: i % 2 === 0 ? 16 : 18, n: 20 }));

    const sut = funnelOverdispersion(points, 0.85);

    expect(sut.phi).toBeCloseTo(20 / 51, 12);
    expect(sut).toMatchObject({ tau2: 0, method: 'exact-binomial' });
  });

  it.each([
    [[{ x: 3, n: 2 }], 0.85],
    [[{ x: -1, n: 2 }], 0.85],
    [[{ x: 1, n: 2.5 }], 0.85],
    [[{ x: 1, n: 2 }], 1],
  ])('refuses %j at p0 = %p', (points, p0) => {
    expect(() => funnelOverdispersion(points, p0)).toThrow(RangeError);
  });

  it('never throws for valid counts; tau2 > 0 exactly when the method is random effects (property)', () => {
    const counts = fc.integer({ min: 0, max: 300 }).chain((n) => fc.record({ x: fc.integer({ min: 0, max: n }), n: fc.constant(n) }));
    fc.assert(
      fc.property(fc.array(counts, { maxLength: 40 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (points, p0) => {
        const sut = funnelOverdispersion(points, p0);

        expect(sut.k).toBe(points.filter((p) => p.n > 0).length);
        expect(sut.tau2).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(sut.tau2)).toBe(true);
        expect(sut.method === 'additive-random-effects').toBe(sut.tau2 > 0);
        if (sut.k < 10) {
          expect(sut.phi).toBeNull();
        } else {
          expect(sut.phi).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
