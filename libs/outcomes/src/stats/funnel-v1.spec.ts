import fc from 'fast-check';
import { funnelLimits, funnelPlot, funnelPoints, overdispersion } from './funnel-v1';

const pct = (value: number): string => (value * 100).toFixed(1);

describe(funnelLimits.name, () => {
  it.each([
    [50, '75.1', '69.4'],
    [100, '78.0', '74.0'],
  ])('at p0 = 85%%, n = %i: lower 95%% = %s%%, lower 99.8%% = %s%%', (n, lower95, lower998) => {
    const sut = funnelLimits(0.85, n);

    expect(pct(sut.lower95)).toBe(lower95);
    expect(pct(sut.lower998)).toBe(lower998);
  });

  it('is symmetric around p0 until it hits [0, 1]', () => {
    const sut = funnelLimits(0.85, 100);

    expect(sut.upper95 - 0.85).toBeCloseTo(0.85 - sut.lower95, 12);
    expect(funnelLimits(0.85, 20).upper998).toBe(1);
    expect(funnelLimits(0.85, 1).lower998).toBe(0);
  });

  it('widens by sqrt(phi) when phi > 1 and ignores phi < 1', () => {
    const plain = funnelLimits(0.85, 100);

    expect(0.85 - funnelLimits(0.85, 100, 4).lower95).toBeCloseTo(2 * (0.85 - plain.lower95), 12);
    expect(funnelLimits(0.85, 100, 0.5)).toEqual(plain);
  });

  it('has the whole [0, 1] range with no cases', () => {
    expect(funnelLimits(0.85, 0)).toEqual({ lower95: 0, upper95: 1, lower998: 0, upper998: 1 });
  });

  it.each([
    [0, 10],
    [1, 10],
    [0.85, -1],
  ])('refuses p0=%p, n=%p', (p0, n) => {
    expect(() => funnelLimits(p0, n)).toThrow(RangeError);
  });

  it('nests the 95% limits inside the 99.8% ones, within [0, 1] (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 5000 }), (p0, n) => {
        const sut = funnelLimits(p0, n);

        expect(0).toBeLessThanOrEqual(sut.lower998);
        expect(sut.lower998).toBeLessThanOrEqual(sut.lower95);
        expect(sut.lower95).toBeLessThanOrEqual(p0);
        expect(p0).toBeLessThanOrEqual(sut.upper95);
        expect(sut.upper95).toBeLessThanOrEqual(sut.upper998);
        expect(sut.upper998).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe(overdispersion.name, () => {
  it('is the mean squared z-score', () => {
    // z = (0.75 - 0.85) / sqrt(0.1275 / 100) = -2.80056; z = (0.95 - 0.85) / ... = +2.80056.
    const sut = overdispersion(
      [
        { x: 75, n: 100 },
        { x: 95, n: 100 },
      ],
      0.85,
    );

    expect(sut).toBeCloseTo(0.01 / (0.1275 / 100), 10);
  });

  it('is 0 when every surgeon sits exactly on p0', () => {
    expect(overdispersion([{ x: 17, n: 20 }, { x: 85, n: 100 }], 0.85)).toBeCloseTo(0, 12);
  });

  it('leaves out surgeons with no cases, and is 1 when nobody has any', () => {
    expect(overdispersion([{ x: 17, n: 20 }, { x: 0, n: 0 }], 0.85)).toBeCloseTo(0, 12);
    expect(overdispersion([], 0.85)).toBe(1);
  });
});

describe(funnelPoints.name, () => {
  it('flags only a surgeon below the 99.8% limit, never one merely below 95% or above the funnel', () => {
    // With 30 surgeons on target phi < 1, so the limits are the plain ones: n = 100 -> lower 95% 78.0%.
    const points = [
      ...Array.from({ length: 30 }, (_, i) => ({ surgeonId: `s${i}`, x: 85, n: 100 })),
      { surgeonId: 'below-95', x: 77, n: 100 },
      { surgeonId: 'above', x: 100, n: 100 },
    ];

    const sut = funnelPlot(points, 0.85);

    expect(sut.phi).toBeLessThan(1);
    expect(sut.points.filter((p) => p.flagged)).toEqual([]);
    const below95 = sut.points.find((p) => p.surgeonId === 'below-95')!;
    expect(below95).toMatchObject({ rate: 0.77, flagged: false, ...funnelLimits(0.85, 100) });
    expect(below95.rate!).toBeLessThan(below95.lower95);
    const above = sut.points.find((p) => p.surgeonId === 'above')!;
    expect(above.rate!).toBeGreaterThan(above.upper998);
  });

  it('flags a surgeon far below the funnel even after widening for overdispersion', () => {
    const points = [
      ...Array.from({ length: 10 }, (_, i) => ({ surgeonId: `s${i}`, x: 85, n: 100 })),
      { surgeonId: 'low', x: 60, n: 100 },
    ];

    const sut = funnelPlot(points, 0.85);

    expect(sut.phi).toBeGreaterThan(1);
    const low = sut.points.find((p) => p.surgeonId === 'low')!;
    expect(low.lower998).toBeCloseTo(0.85 - 3.09 * Math.sqrt((sut.phi * 0.1275) / 100), 12);
    expect(low.flagged).toBe(true);
    expect(sut.points.filter((p) => p.flagged)).toHaveLength(1);
  });

  it('does not flag a surgeon who is only outside the unwidened limits when surgeons vary a lot', () => {
    const sut = funnelPoints(
      [
        { surgeonId: 'a', x: 50, n: 50 },
        { surgeonId: 'b', x: 30, n: 50 },
        { surgeonId: 'c', x: 43, n: 50 },
      ],
      0.85,
    );

    const b = sut.find((p) => p.surgeonId === 'b')!;
    expect(b.rate).toBe(0.6);
    expect(b.rate!).toBeLessThan(funnelLimits(0.85, 50).lower998);
    expect(b.flagged).toBe(false);
  });

  it('shows a surgeon with no cases without a rate and without a flag', () => {
    const [sut] = funnelPoints([{ surgeonId: 'new', x: 0, n: 0 }], 0.85);

    expect(sut).toEqual({
      surgeonId: 'new',
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
});
