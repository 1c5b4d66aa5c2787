import type { RateStat } from '@stride/contracts';

const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;

/**
 * What the one-sided exact test says, in a sentence a surgeon reads in a few seconds and cannot
 * misread: a shortfall is claimed only on evidence, and "no evidence" says how large a shortfall
 * this n could have detected (80% power at the 5% level, detectableShortfallRate). One wording for
 * the dashboard and the PDF report.
 */
export function benchmarkSentence(stat: RateStat, benchmark: number): string {
  if (stat.n === 0 || stat.pValue === null) return `No evaluable patients yet: nothing can be said against ${percent(benchmark)}.`;
  const p = stat.pValue < 0.001 ? 'p < 0.001' : `p = ${stat.pValue.toFixed(3)}`;
  if (stat.pValue <= 0.05) {
    return `Evidence of a shortfall against ${percent(benchmark)} (${p}, one-sided exact binomial test).`;
  }
  const power =
    stat.detectableRate === null
      ? `with n = ${stat.n}, no result could show a shortfall yet.`
      : `with n = ${stat.n}, only a true rate below ${percent(stat.detectableRate)} would be detected 80% of the time.`;
  return `No evidence of a shortfall against ${percent(benchmark)} (${p}, one-sided exact binomial test); ${power}`;
}
