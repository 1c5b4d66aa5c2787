// Writes funnel-fixture.json: exact binomial funnel limits (Spiegelhalter 2005, Stat Med 24:1185-1202,
// interpolated) computed with exact rational arithmetic on BigInt, independently of @stdlib, so that
// funnel-limits.spec.ts can check the library's floating-point limits against them.
//
//   node libs/outcomes/src/stats/funnel-fixture.gen.mjs
//
// For P in {0.001, 0.025, 0.975, 0.999} and F the Binomial(n, p0) CDF: r = the smallest integer with
// F(r) >= P; a = (F(r) - P) / (F(r) - F(r - 1)), F(-1) = 0; limit = (r - a) / n, clamped to [0, 1].
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NS = [1, 5, 10, 20, 40, 50, 100, 200, 1000];
const P0S = ['0.85', '0.9'];
const TAILS = { lower998: '0.001', lower95: '0.025', upper95: '0.975', upper998: '0.999' };
const DIGITS = 25;

/** A decimal string as an exact fraction [numerator, denominator]. */
function fraction(decimal) {
  const [whole, part = ''] = decimal.split('.');
  const den = 10n ** BigInt(part.length);
  return [BigInt(whole) * den + BigInt(part || '0'), den];
}

/** A non-negative fraction as a decimal string with DIGITS places, rounded down. */
function decimal(num, den) {
  const scaled = (num * 10n ** BigInt(DIGITS)) / den;
  const text = scaled.toString().padStart(DIGITS + 1, '0');
  return `${text.slice(0, -DIGITS)}.${text.slice(-DIGITS)}`;
}

/**
 * With p0 = pn/pd, F(j) = S[j] / pd^n where S[j] = sum over i <= j of C(n, i) pn^i (pd - pn)^(n - i):
 * whole numbers, so every comparison and difference below is exact.
 */
function cumulativeNumerators(n, [pn, pd]) {
  const sums = [];
  let choose = 1n;
  let sum = 0n;
  for (let i = 0; i <= n; i++) {
    if (i > 0) choose = (choose * BigInt(n - i + 1)) / BigInt(i);
    sum += choose * pn ** BigInt(i) * (pd - pn) ** BigInt(n - i);
    sums.push(sum);
  }
  return { sums, total: pd ** BigInt(n) };
}

function limit(n, cumulative, [qn, qd]) {
  const { sums, total } = cumulative;
  // F(r) >= P  <=>  S[r] * qd >= qn * total
  const r = sums.findIndex((s) => s * qd >= qn * total);
  const previous = r === 0 ? 0n : sums[r - 1];
  // (r - a) / n with a = (S[r] qd - qn total) / (qd (S[r] - S[r-1])), over one common denominator.
  const step = qd * (sums[r] - previous);
  const num = BigInt(r) * step - (sums[r] * qd - qn * total);
  const den = BigInt(n) * step;
  if (num <= 0n) return { r, limit: decimal(0n, 1n) };
  if (num >= den) return { r, limit: decimal(1n, 1n) };
  return { r, limit: decimal(num, den) };
}

const cases = [];
for (const p0 of P0S) {
  for (const n of NS) {
    const cumulative = cumulativeNumerators(n, fraction(p0));
    const limits = {};
    const r = {};
    for (const [name, tail] of Object.entries(TAILS)) {
      const result = limit(n, cumulative, fraction(tail));
      limits[name] = result.limit;
      r[name] = result.r;
    }
    cases.push({ n, p0: Number(p0), r, limits });
  }
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'funnel-fixture.json');
const fixture = {
  about: 'Exact binomial funnel limits from funnel-fixture.gen.mjs (BigInt rationals), truncated to 25 places',
  tails: Object.fromEntries(Object.entries(TAILS).map(([k, v]) => [k, Number(v)])),
  cases,
};
writeFileSync(out, `${JSON.stringify(fixture, null, 2)}\n`);
console.log(`wrote ${cases.length} cases to ${out}`);
