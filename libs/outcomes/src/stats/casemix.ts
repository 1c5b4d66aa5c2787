// Case mix and risk adjustment by indirect standardisation (docs/design.md, "Case mix and risk
// adjustment"). Raw success rates of surgeons differ mostly by whom they operate on: in Washington's
// Spine COAP raw rates of 33-84% left little between surgeons once adjusted (Khor 2020). The model is
// fitted on the clinic's own cases, so O/E says how a surgeon compares with the clinic's average
// surgeon given their patients, not with the published benchmark.
import { AGE_BANDS, PROCEDURES, type AgeBand, type CaseMixCoefficient, type CaseMixModel, type Procedure, type SurgeonCaseMix } from '@stride/contracts';
import { observedExpectedRatio } from './casemix-interval';
import { fitLogistic, type LogisticFitOptions } from './logistic';

/** One evaluable case at a post-operative time point, with its baseline. */
export interface CaseMixCase {
  surgeonId: string;
  /** The stored success flag. */
  success: boolean;
  /** Whole years at surgery (the API passes it capped at 90, as the export writes it). */
  ageAtSurgery: number;
  baselineLegPain: number;
  /** 0..4 */
  baselineWalkingBin: number;
  procedure: Procedure;
}

/** Below this many cases the model is not fitted: maximum likelihood is risky under 100 (Long 1997, p. 54). */
export const CASE_MIX_MIN_CASES = 100;
/**
 * At least this many of the rarer outcome per estimated coefficient besides the intercept (Peduzzi
 * 1996, J Clin Epidemiol 49:1373-1379): with fewer, coefficients are biased and their intervals wrong.
 * With success rates near 85% the rarer outcome is failure.
 */
export const CASE_MIX_EVENTS_PER_PARAMETER = 10;

/** The band of an age at surgery, as the cohort filter `ageBand` draws them. */
export function ageBandOf(ageAtSurgery: number): AgeBand {
  if (ageAtSurgery < 60) return '<60';
  if (ageAtSurgery < 70) return '60-69';
  if (ageAtSurgery < 80) return '70-79';
  return '80+';
}

interface Term {
  name: string;
  value(c: CaseMixCase): number;
}

interface Design {
  terms: Term[];
  reference: CaseMixModel['reference'];
  /** Each categorical covariate in the model with its levels present, for the separation check. */
  levels: { covariate: 'ageBand' | 'procedure'; of(c: CaseMixCase): string }[];
}

/**
 * The covariates DESIGN.md's issue names: baseline leg pain and walking bin (linear: one coefficient
 * each, so that a clinic of a few hundred cases can afford the model) and age band and procedure
 * (one indicator per level against the most common level, so the reference always has cases). A
 * covariate that does not vary in the cohort (a procedure filter, say) is left out: it cannot be
 * estimated, and it cannot explain a difference between surgeons either.
 */
function designFor(cases: readonly CaseMixCase[]): Design {
  const terms: Term[] = [];
  const varies = (value: (c: CaseMixCase) => number): boolean => cases.some((c) => value(c) !== value(cases[0]));
  const linear: Term[] = [
    { name: 'baselineLegPain', value: (c) => c.baselineLegPain },
    { name: 'baselineWalkingBin', value: (c) => c.baselineWalkingBin },
  ];
  terms.push(...linear.filter((term) => varies(term.value)));
  const levels: Design['levels'] = [];
  /** Adds one indicator per level present besides the most common one, which it returns (null: left out). */
  const categorical = <L extends string>(covariate: 'ageBand' | 'procedure', all: readonly L[], of: (c: CaseMixCase) => L): L | null => {
    const counts = all.map((level) => cases.filter((c) => of(c) === level).length);
    const present = all.filter((_, i) => counts[i] > 0);
    if (present.length < 2) return null;
    const base = all[counts.indexOf(Math.max(...counts))];
    levels.push({ covariate, of });
    for (const level of present.filter((l) => l !== base)) terms.push({ name: `${covariate}:${level}`, value: (c) => (of(c) === level ? 1 : 0) });
    return base;
  };
  const reference = {
    ageBand: categorical('ageBand', AGE_BANDS, (c) => ageBandOf(c.ageAtSurgery)),
    procedure: categorical('procedure', PROCEDURES, (c) => c.procedure),
  };
  return { terms, reference, levels };
}

export interface FittedCaseMixModel {
  model: CaseMixModel;
  /** Each case's predicted probability of success; null when the model was not fitted. */
  predicted: number[] | null;
}

/**
 * The case-mix model: logistic regression of success on the covariates above, fitted on every
 * evaluable case of the clinic, or `insufficient` with the first rule that stops it, in this order:
 * fewer than CASE_MIX_MIN_CASES cases; fewer than CASE_MIX_EVENTS_PER_PARAMETER of the rarer outcome
 * per coefficient; a level of a categorical covariate whose cases all succeeded or all failed
 * (quasi-complete separation: its coefficient would be infinite); and then what the fit itself
 * reports (separation, collinear covariates, no convergence).
 */
export function fitCaseMixModel(cases: readonly CaseMixCase[], options: LogisticFitOptions = {}): FittedCaseMixModel {
  cases.forEach(assertCase);
  const n = cases.length;
  const events = cases.filter((c) => c.success).length;
  const clinicRate = n > 0 ? events / n : null;
  const design = designFor(cases);
  const covariates = design.terms.map((t) => t.name);
  const base = { n, events, clinicRate, covariates, reference: design.reference };
  const insufficient = (reasonCode: CaseMixModel['reasonCode'], reason: string): FittedCaseMixModel => ({
    model: { status: 'insufficient', reasonCode, reason, ...base },
    predicted: null,
  });

  if (n < CASE_MIX_MIN_CASES) {
    return insufficient('too-few-cases', `${n} evaluable ${n === 1 ? 'case' : 'cases'}; the model needs at least ${CASE_MIX_MIN_CASES}`);
  }
  const failures = n - events;
  const needed = CASE_MIX_EVENTS_PER_PARAMETER * covariates.length;
  if (Math.min(events, failures) < needed) {
    const [count, word] = failures <= events ? [failures, failures === 1 ? 'failure' : 'failures'] : [events, events === 1 ? 'success' : 'successes'];
    return insufficient(
      'too-few-events',
      `${count} ${word} for ${covariates.length} coefficients; the model needs at least ${needed} (${CASE_MIX_EVENTS_PER_PARAMETER} per coefficient)`,
    );
  }
  for (const { covariate, of } of design.levels) {
    for (const level of new Set(cases.map(of))) {
      const outcomes = new Set(cases.filter((c) => of(c) === level).map((c) => c.success));
      if (outcomes.size === 1) {
        const all = outcomes.has(true) ? 'succeeded' : 'failed';
        return insufficient('separation', `every case with ${covariate} ${level} ${all} (separation: its effect cannot be estimated)`);
      }
    }
  }

  const rows = cases.map((c) => [1, ...design.terms.map((t) => t.value(c))]);
  const fit = fitLogistic(rows, cases.map((c) => c.success), options);
  switch (fit.status) {
    case 'separation':
      return insufficient('separation', 'the covariates predict some outcomes perfectly (fitted probabilities of 0 or 1: separation)');
    case 'singular':
      return insufficient('collinear', 'the covariates are collinear: their effects cannot be told apart');
    case 'not-converged':
      return insufficient('not-converged', `the fit did not converge in ${fit.iterations} iterations`);
  }
  const coefficients: CaseMixCoefficient[] = ['(intercept)', ...covariates].map((term, j) => ({
    term,
    estimate: fit.coefficients[j],
    standardError: fit.standardErrors[j],
  }));
  return { model: { status: 'fitted', ...base, coefficients }, predicted: fit.fitted };
}

export type SurgeonCaseMixStats = Omit<SurgeonCaseMix, 'surgeonId' | 'label' | 'isCaller'> & { surgeonId: string };

export interface CaseMixAnalysis {
  model: CaseMixModel;
  /** One per surgeon id given, in that order. */
  surgeons: SurgeonCaseMixStats[];
}

/**
 * Each surgeon's case mix and, when the model is fitted, indirect standardisation: E is the sum of
 * the predicted probabilities of the surgeon's cases, O their successes, O/E with the exact Poisson
 * interval (observedExpectedRatio), and the adjusted rate (O/E) x the clinic's rate. With an
 * intercept the predictions sum to the clinic's successes, so the clinic as a whole has O/E = 1 and a
 * surgeon whose patients and results are the clinic's in miniature has O/E = 1 too. The adjusted rate
 * is capped at 1: above it the ratio scale has run out, and the O/E says the rest.
 * Throws a RangeError for a case of a surgeon not listed, or a malformed case.
 */
export function caseMixBySurgeon(surgeonIds: readonly string[], cases: readonly CaseMixCase[], options: LogisticFitOptions = {}): CaseMixAnalysis {
  const known = new Set(surgeonIds);
  const stranger = cases.find((c) => !known.has(c.surgeonId));
  if (stranger) throw new RangeError(`a case of surgeon ${stranger.surgeonId}, who is not listed`);
  const { model, predicted } = fitCaseMixModel(cases, options);
  const surgeons = surgeonIds.map((surgeonId): SurgeonCaseMixStats => {
    const indices = cases.flatMap((c, i) => (c.surgeonId === surgeonId ? [i] : []));
    const own = indices.map((i) => cases[i]);
    const n = own.length;
    const observed = own.filter((c) => c.success).length;
    const mean = (value: (c: CaseMixCase) => number): number | null => (n > 0 ? own.reduce((sum, c) => sum + value(c), 0) / n : null);
    const procedures = Object.fromEntries(PROCEDURES.map((p) => [p, own.filter((c) => c.procedure === p).length])) as Record<Procedure, number>;
    const stats = {
      surgeonId,
      n,
      meanAge: mean((c) => c.ageAtSurgery),
      meanBaselineLegPain: mean((c) => c.baselineLegPain),
      walkingBins: [0, 1, 2, 3, 4].map((bin) => own.filter((c) => c.baselineWalkingBin === bin).length),
      procedures,
      observed,
    };
    if (!predicted || n === 0 || model.clinicRate === null) return { ...stats, expected: null, oe: null, oeCi95: null, adjustedRate: null };
    const expected = indices.reduce((sum, i) => sum + predicted[i], 0);
    const { ratio, ci95 } = observedExpectedRatio(observed, expected);
    return { ...stats, expected, oe: ratio, oeCi95: ci95, adjustedRate: Math.min(1, ratio * model.clinicRate) };
  });
  return { model, surgeons };
}

function assertCase(c: CaseMixCase): void {
  const whole = (value: number, low: number, high: number): boolean => Number.isInteger(value) && value >= low && value <= high;
  if (!whole(c.baselineLegPain, 0, 10)) throw new RangeError(`baselineLegPain must be a whole number 0-10, got ${c.baselineLegPain}`);
  if (!whole(c.baselineWalkingBin, 0, 4)) throw new RangeError(`baselineWalkingBin must be a whole number 0-4, got ${c.baselineWalkingBin}`);
  if (!whole(c.ageAtSurgery, 0, 130)) throw new RangeError(`ageAtSurgery must be a whole number of years, got ${c.ageAtSurgery}`);
  if (!PROCEDURES.includes(c.procedure)) throw new RangeError(`unknown procedure ${String(c.procedure)}`);
}
