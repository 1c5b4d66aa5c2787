import { benchmarkSentence } from './benchmark-sentence';
import { rateStat } from './proportion';

describe(benchmarkSentence.name, () => {
  const stat = (x: number, n: number) => rateStat({ x, n, eligible: n, responded: n, benchmark: 0.85 });

  it('says nothing can be said without evaluable patients', () => {
    expect(benchmarkSentence(stat(0, 0), 0.85)).toBe('No evaluable patients yet: nothing can be said against 85%.');
  });

  it('claims a shortfall only when the one-sided test finds one', () => {
    // P(X <= 10 | 20, 0.85) = 0.00026
    expect(benchmarkSentence(stat(10, 20), 0.85)).toBe('Evidence of a shortfall against 85% (p < 0.001, one-sided exact binomial test).');
    // P(X <= 14 | 20, 0.85) = 0.0673: not evidence, and the sentence says what this n could have seen.
    expect(benchmarkSentence(stat(14, 20), 0.85)).toMatch(
      /^No evidence of a shortfall against 85% \(p = 0\.067, one-sided exact binomial test\); with n = 20, only a true rate below \d+% would be detected 80% of the time\.$/,
    );
  });

  it('says when no result at this n could be significant', () => {
    // One case: even a failure has P = 0.15 under the benchmark.
    expect(benchmarkSentence(stat(0, 1), 0.85)).toBe(
      'No evidence of a shortfall against 85% (p = 0.150, one-sided exact binomial test); with n = 1, no result could show a shortfall yet.',
    );
  });
});
