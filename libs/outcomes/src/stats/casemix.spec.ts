import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROCEDURES, type Procedure } from '@stride/contracts';
import { CASE_MIX_MIN_CASES, type CaseMixCase, ageBandOf, caseMixBySurgeon, fitCaseMixModel } from './casemix';
import { observedExpectedRatio, poissonCdf, poissonExactInterval } from './casemix-interval';

type Row = [string, boolean, number, number, number, Procedure];

/** Written by logistic-fixture.gen.py: the same model fitted with numpy/scipy, and scipy's chi2 limits. */
const fixture: {
  cases: Row[];
  terms: string[];
  coefficients: number[];
  standardErrors: number[];
  clinicRate: number;
  surgeons: Record<string, { n: number; observed: number; expected: number; oe: number; oeCi95: [number, number]; adjustedRate: number }>;
  poissonExact: { observed: number; ci95: [number, number] }[];
} = JSON.parse(readFileSync(join(__dirname, 'casemix-fixture.json'), 'utf8'));

const fixtureCases: CaseMixCase[] = fixture.cases.map(([surgeonId, success, ageAtSurgery, baselineLegPain, baselineWalkingBin, procedure]) => ({
  surgeonId,
  success,
  ageAtSurgery,
  baselineLegPain,
  baselineWalkingBin,
  procedure,
}));

const aCase = (overrides: Partial<CaseMixCase> = {}): CaseMixCase => ({
  surgeonId: 'A',
  success: true,
  ageAtSurgery: 65,
  baselineLegPain: 7,
  baselineWalkingBin: 1,
  procedure: 'laminectomy',
  ...overrides,
});

/** Cases whose covariates cycle, so every level is present and no level has a single outcome. */
function varied(count: number, success: (i: number) => boolean, surgeonId = 'A'): CaseMixCase[] {
  return Array.from({ length: count }, (_, i) =>
    aCase({
      surgeonId,
      success: success(i),
      ageAtSurgery: [55, 64, 66, 72, 84][i % 5],
      baselineLegPain: 4 + (i % 7),
      baselineWalkingBin: i % 5,
      procedure: PROCEDURES[i % 3],
    }),
  );
}

describe(caseMixBySurgeon.name, () => {
  it('matches the numpy/scipy fit of a 400-case clinic: coefficients, E, O/E, interval and adjusted rate', () => {
    const sut = caseMixBySurgeon(['A', 'B', 'C'], fixtureCases);

    expect(sut.model).toMatchObject({ status: 'fitted', n: 400, clinicRate: fixture.clinicRate });
    expect(['(intercept)', ...sut.model.covariates]).toEqual(fixture.terms);
    sut.model.coefficients?.forEach((c, j) => {
      expect(c.estimate).toBeCloseTo(fixture.coefficients[j], 6);
      expect(c.standardError).toBeCloseTo(fixture.standardErrors[j], 6);
    });
    for (const surgeon of sut.surgeons) {
      const expected = fixture.surgeons[surgeon.surgeonId];
      expect(surgeon).toMatchObject({ n: expected.n, observed: expected.observed });
      expect(surgeon.expected).toBeCloseTo(expected.expected, 6);
      expect(surgeon.oe).toBeCloseTo(expected.oe, 8);
      expect(surgeon.oeCi95?.[0]).toBeCloseTo(expected.oeCi95[0], 8);
      expect(surgeon.oeCi95?.[1]).toBeCloseTo(expected.oeCi95[1], 8);
      expect(surgeon.adjustedRate).toBeCloseTo(expected.adjustedRate, 8);
    }
  });

  it('describes each surgeon: n, mean age, mean baseline leg pain, walking bins and procedures', () => {
    const cases = [
      aCase({ ageAtSurgery: 60, baselineLegPain: 8, baselineWalkingBin: 0 }),
      aCase({ ageAtSurgery: 71, baselineLegPain: 5, baselineWalkingBin: 4, procedure: 'other', success: false }),
    ];

    const [sut, nobody] = caseMixBySurgeon(['A', 'B'], cases).surgeons;

    expect(sut).toEqual({
      surgeonId: 'A',
      n: 2,
      meanAge: 65.5,
      meanBaselineLegPain: 6.5,
      walkingBins: [1, 0, 0, 0, 1],
      procedures: { laminectomy: 1, endoscopic_decompression: 0, other: 1 },
      observed: 1,
      expected: null,
      oe: null,
      oeCi95: null,
      adjustedRate: null,
    });
    expect(nobody).toMatchObject({ surgeonId: 'B', n: 0, meanAge: null, meanBaselineLegPain: null, observed: 0, expected: null });
  });

  it('refuses a case of a surgeon who is not listed', () => {
    expect(() => caseMixBySurgeon(['B'], [aCase()])).toThrow(RangeError);
  });

  it('caps the adjusted rate at 1', () => {
    // In A's cases mild leg pain seldom improves enough; B succeeds with every such patient, so B's
    // O/E exceeds 1 / (the clinic's rate).
    const a = varied(300, (i) => (4 + (i % 7) >= 8 ? i % 4 !== 0 : i % 5 === 0));
    const b = varied(30, () => true, 'B').map((c) => ({ ...c, baselineLegPain: 4 }));

    const sut = caseMixBySurgeon(['A', 'B'], [...a, ...b]);

    expect(sut.model.status).toBe('fitted');
    expect((sut.surgeons[1].oe as number) * (sut.model.clinicRate as number)).toBeGreaterThan(1);
    expect(sut.surgeons[1].adjustedRate).toBe(1);
  });

  describe('for any clinic it can fit', () => {
    const cases = fc.array(
      fc.record({
        success: fc.boolean(),
        ageAtSurgery: fc.integer({ min: 40, max: 90 }),
        baselineLegPain: fc.integer({ min: 0, max: 10 }),
        baselineWalkingBin: fc.integer({ min: 0, max: 4 }),
        procedure: fc.constantFrom(...PROCEDURES),
        surgeonId: fc.constantFrom('B', 'C', 'D'),
      }),
      { minLength: 60, maxLength: 150 },
    );

    it('gives O/E = 1 to a surgeon whose patients and results are the rest of the clinic again', () => {
      fc.assert(
        fc.property(cases, (others) => {
          const sut = caseMixBySurgeon(['A', 'B', 'C', 'D'], [...others.map((c) => ({ ...c, surgeonId: 'A' })), ...others]);
          fc.pre(sut.model.status === 'fitted');
          expect(sut.surgeons[0].oe).toBeCloseTo(1, 4);
          expect(sut.surgeons[0].adjustedRate).toBeCloseTo(sut.model.clinicRate as number, 4);
        }),
        // Seeded, and no shrinking: each run fits a model, and shrinking 100-case arrays took minutes.
        { numRuns: 40, seed: 20261125, endOnFailure: true },
      );
    });

    it('expects as many successes over the clinic as it observed', () => {
      fc.assert(
        fc.property(cases, (clinic) => {
          const sut = caseMixBySurgeon(['B', 'C', 'D'], [...clinic, ...clinic]);
          fc.pre(sut.model.status === 'fitted');
          const expected = sut.surgeons.reduce((sum, s) => sum + (s.expected ?? 0), 0);
          // The MLE's score equation makes these equal; the fit stops at a deviance tolerance, so 1e-4.
          expect(expected).toBeCloseTo(sut.model.events, 4);
        }),
        { numRuns: 40, seed: 20261126, endOnFailure: true },
      );
    });
  });
});

describe(fitCaseMixModel.name, () => {
  it(`is insufficient under ${CASE_MIX_MIN_CASES} cases, and says how many there are`, () => {
    const sut = fitCaseMixModel(varied(99, (i) => i % 2 === 0)).model;

    expect(sut).toMatchObject({ status: 'insufficient', reasonCode: 'too-few-cases', n: 99, events: 50 });
    expect(sut.reason).toBe('99 evaluable cases; the model needs at least 100');
    expect(sut).not.toHaveProperty('coefficients');
  });

  it('is insufficient with fewer than 10 of the rarer outcome per coefficient', () => {
    // 7 coefficients besides the intercept need 70 failures; 300 cases at 80% have 60.
    const sut = fitCaseMixModel(varied(300, (i) => i % 5 !== 0)).model;

    expect(sut.covariates).toHaveLength(7);
    expect(sut).toMatchObject({ status: 'insufficient', reasonCode: 'too-few-events', n: 300, events: 240 });
    expect(sut.reason).toBe('60 failures for 7 coefficients; the model needs at least 70 (10 per coefficient)');
  });

  it('is insufficient when every case of one level succeeded (quasi-complete separation), naming the level', () => {
    const cases = varied(300, (i) => i % 2 === 0).map((c) => (c.procedure === 'other' ? { ...c, success: true } : c));

    const sut = fitCaseMixModel(cases).model;

    expect(sut).toMatchObject({ status: 'insufficient', reasonCode: 'separation' });
    expect(sut.reason).toContain('every case with procedure other succeeded');
  });

  it('leaves out covariates that do not vary, and uses the most common level as the reference', () => {
    const cases = varied(200, (i) => i % 3 !== 0).map((c) => ({ ...c, procedure: 'laminectomy' as const, ageAtSurgery: c.ageAtSurgery < 70 ? 75 : c.ageAtSurgery }));

    const sut = fitCaseMixModel(cases).model;

    expect(sut.status).toBe('fitted');
    expect(sut.covariates).toEqual(['baselineLegPain', 'baselineWalkingBin', 'ageBand:80+']);
    expect(sut.reference).toEqual({ ageBand: '70-79', procedure: null });
    expect(sut.coefficients?.map((c) => c.term)).toEqual(['(intercept)', ...sut.covariates]);
  });

  it('refuses a malformed case', () => {
    expect(() => fitCaseMixModel([aCase({ baselineLegPain: 11 })])).toThrow(RangeError);
    expect(() => fitCaseMixModel([aCase({ baselineWalkingBin: 1.5 })])).toThrow(RangeError);
  });
});

describe(ageBandOf.name, () => {
  it.each([
    [18, '<60'],
    [59, '<60'],
    [60, '60-69'],
    [69, '60-69'],
    [70, '70-79'],
    [79, '70-79'],
    [80, '80+'],
    [90, '80+'],
  ])('puts %i in %s', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });
});

describe(poissonExactInterval.name, () => {
  it.each(fixture.poissonExact.map((p) => [p.observed, p.ci95] as const))('O = %i: matches scipy chi2 limits %p to 1e-9 relative', (observed, [lower, upper]) => {
    const [sutLower, sutUpper] = poissonExactInterval(observed);

    expect(Math.abs(sutLower - lower)).toBeLessThanOrEqual(1e-9 * Math.max(1, lower));
    expect(Math.abs(sutUpper - upper)).toBeLessThanOrEqual(1e-9 * upper);
  });

  it("agrees with Byar's approximation (Breslow and Day 1987) to 1% from O = 10", () => {
    const z = 1.959963984540054;
    for (const o of [10, 25, 60, 200]) {
      const byarLower = o * (1 - 1 / (9 * o) - z / (3 * Math.sqrt(o))) ** 3;
      const byarUpper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * Math.sqrt(o + 1))) ** 3;
      const [lower, upper] = poissonExactInterval(o);
      expect(Math.abs(lower / byarLower - 1)).toBeLessThan(0.01);
      expect(Math.abs(upper / byarUpper - 1)).toBeLessThan(0.01);
    }
  });
});

describe(poissonCdf.name, () => {
  it('sums the Poisson probabilities, and survives a mean whose e^-mu underflows', () => {
    expect(poissonCdf(0, 2)).toBeCloseTo(Math.exp(-2), 15);
    expect(poissonCdf(2, 2)).toBeCloseTo(5 * Math.exp(-2), 15);
    expect(poissonCdf(-1, 2)).toBe(0);
    expect(poissonCdf(1000, 1000)).toBeCloseTo(0.5084093, 6);
  });
});

describe(observedExpectedRatio.name, () => {
  it('divides O and its exact interval by E', () => {
    const [lower, upper] = poissonExactInterval(17);

    expect(observedExpectedRatio(17, 20)).toEqual({ ratio: 0.85, ci95: [lower / 20, upper / 20] });
  });

  it('refuses an expected count that is not positive', () => {
    expect(() => observedExpectedRatio(1, 0)).toThrow(RangeError);
  });
});
