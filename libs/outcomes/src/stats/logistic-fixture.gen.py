# Writes logistic-fixture.json and casemix-fixture.json: maximum-likelihood logistic fits, indirect
# standardisation and exact Poisson intervals computed with numpy and scipy, independently of the
# TypeScript in logistic.ts, casemix.ts and casemix-interval.ts, so their specs can check against them.
#
#   python3 libs/outcomes/src/stats/logistic-fixture.gen.py
#
# Every fit is done twice, by Newton-Raphson in numpy and by scipy.optimize.minimize (BFGS on the
# negative log-likelihood), and the script stops if the two disagree.
import json
import os

import numpy as np
from scipy import optimize, stats

HERE = os.path.dirname(os.path.abspath(__file__))
AGE_BANDS = ['<60', '60-69', '70-79', '80+']
PROCEDURES = ['laminectomy', 'endoscopic_decompression', 'other']


def newton(X, y):
    beta = np.zeros(X.shape[1])
    for _ in range(100):
        mu = 1 / (1 + np.exp(-X @ beta))
        info = X.T @ (X * (mu * (1 - mu))[:, None])
        step = np.linalg.solve(info, X.T @ (y - mu))
        beta = beta + step
        if np.max(np.abs(step)) < 1e-13:
            break
    mu = 1 / (1 + np.exp(-X @ beta))
    info = X.T @ (X * (mu * (1 - mu))[:, None])
    se = np.sqrt(np.diag(np.linalg.inv(info)))
    loglik = float(np.sum(y * (X @ beta) - np.logaddexp(0, X @ beta)))
    return beta, se, loglik, mu


def fit(X, y):
    beta, se, loglik, mu = newton(X, y)
    negll = lambda b: float(np.sum(np.logaddexp(0, X @ b) - y * (X @ b)))
    grad = lambda b: X.T @ (1 / (1 + np.exp(-X @ b)) - y)
    check = optimize.minimize(negll, np.zeros(X.shape[1]), jac=grad, method='BFGS', options={'gtol': 1e-10, 'maxiter': 10000})
    assert np.allclose(check.x, beta, atol=1e-4), (check.x, beta)
    return beta, se, loglik, mu


def logistic_fixture():
    # Challenger O-ring data, one row per launch before 1986 (Dalal, Fowlkes and Hoadley 1989, JASA
    # 84:945-957): launch temperature (F) and whether any O-ring showed thermal distress. The fit
    # 15.0429 - 0.2322 temp (SE 7.379, 0.1082) is reproduced in many textbooks.
    temp = [66, 70, 69, 68, 67, 72, 73, 70, 57, 63, 70, 78, 67, 53, 67, 75, 70, 81, 76, 79, 75, 76, 58]
    damage = [0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1]
    X = np.column_stack([np.ones(len(temp)), temp])
    y = np.array(damage, float)
    beta, se, loglik, _ = fit(X, y)
    challenger = {'design': X.tolist(), 'outcome': [bool(v) for v in damage], 'coefficients': beta.tolist(), 'standardErrors': se.tolist(), 'logLikelihood': loglik}

    # A small multi-covariate set: intercept, a 0-10 score, a 0-4 bin and two indicators.
    rng = np.random.default_rng(20260801)
    n = 80
    score = rng.integers(0, 11, n)
    bin_ = rng.integers(0, 5, n)
    a = rng.random(n) < 0.3
    b = rng.random(n) < 0.25
    X = np.column_stack([np.ones(n), score, bin_, a, b]).astype(float)
    eta = X @ np.array([-1.5, 0.3, -0.4, 0.8, -0.6])
    y = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    beta, se, loglik, _ = fit(X, y)
    mixed = {'design': X.tolist(), 'outcome': [bool(v) for v in y], 'coefficients': beta.tolist(), 'standardErrors': se.tolist(), 'logLikelihood': loglik}
    return {'about': 'Logistic MLEs by numpy Newton-Raphson, checked against scipy BFGS (logistic-fixture.gen.py)', 'challenger': challenger, 'mixed': mixed}


def age_band(age):
    return '<60' if age < 60 else '60-69' if age < 70 else '70-79' if age < 80 else '80+'


def case_mix_design(cases):
    """The model of casemix.ts, written again: linear leg pain and walking bin, age band and procedure
    against their most common level, constant columns left out."""
    columns, names = [np.ones(len(cases))], ['(intercept)']
    for name in ['baselineLegPain', 'baselineWalkingBin']:
        values = np.array([c[name] for c in cases], float)
        if np.ptp(values) > 0:
            columns.append(values)
            names.append(name)
    for covariate, levels, of in [('ageBand', AGE_BANDS, lambda c: age_band(c['ageAtSurgery'])), ('procedure', PROCEDURES, lambda c: c['procedure'])]:
        counts = [sum(1 for c in cases if of(c) == level) for level in levels]
        present = [l for l, k in zip(levels, counts) if k > 0]
        if len(present) < 2:
            continue
        reference = levels[counts.index(max(counts))]
        for level in present:
            if level != reference:
                columns.append(np.array([1.0 if of(c) == level else 0.0 for c in cases]))
                names.append(f'{covariate}:{level}')
    return np.column_stack(columns), names


CASE_COLUMNS = ['surgeonId', 'success', 'ageAtSurgery', 'baselineLegPain', 'baselineWalkingBin', 'procedure']


def exact_poisson(o):
    lower = 0.0 if o == 0 else stats.chi2.ppf(0.025, 2 * o) / 2
    return [float(lower), float(stats.chi2.ppf(0.975, 2 * o + 2) / 2)]


def casemix_fixture():
    # Three surgeons with different patients (A: older, more pain, shorter walks) and one true model.
    rng = np.random.default_rng(20260802)
    truth = {'intercept': 1.6, 'legPain': 0.25, 'walking': -0.35, 'age': {'<60': 0.3, '60-69': 0.0, '70-79': -0.3, '80+': -0.7}, 'procedure': {'laminectomy': 0.0, 'endoscopic_decompression': 0.2, 'other': -0.5}}
    cases = []
    for surgeon, count, age_mean, pain_mean, walk_max in [('A', 160, 76, 8.2, 2), ('B', 140, 64, 6.5, 4), ('C', 100, 69, 7.2, 3)]:
        for _ in range(count):
            age = int(np.clip(round(rng.normal(age_mean, 7)), 40, 90))
            pain = int(np.clip(round(rng.normal(pain_mean, 1.3)), 0, 10))
            walk = int(rng.integers(0, walk_max + 1))
            procedure = PROCEDURES[int(rng.choice(3, p=[0.6, 0.3, 0.1]))]
            eta = truth['intercept'] + truth['legPain'] * (pain - 7) + truth['walking'] * walk + truth['age'][age_band(age)] + truth['procedure'][procedure]
            success = bool(rng.random() < 1 / (1 + np.exp(-eta)))
            cases.append({'surgeonId': surgeon, 'success': success, 'ageAtSurgery': age, 'baselineLegPain': pain, 'baselineWalkingBin': walk, 'procedure': procedure})
    X, names = case_mix_design(cases)
    y = np.array([c['success'] for c in cases], float)
    beta, se, loglik, mu = fit(X, y)
    clinic_rate = float(y.mean())
    surgeons = {}
    for s in ['A', 'B', 'C']:
        idx = [i for i, c in enumerate(cases) if c['surgeonId'] == s]
        o = int(y[idx].sum())
        e = float(mu[idx].sum())
        lo, hi = exact_poisson(o)
        surgeons[s] = {'n': len(idx), 'observed': o, 'expected': e, 'oe': o / e, 'oeCi95': [lo / e, hi / e], 'adjustedRate': min(1.0, o / e * clinic_rate)}
    poisson = [{'observed': o, 'ci95': exact_poisson(o)} for o in [0, 1, 2, 5, 10, 17, 50, 120, 400, 1500]]
    return {
        'about': 'Case-mix model and indirect standardisation by numpy/scipy (logistic-fixture.gen.py); exact Poisson limits from scipy chi2',
        'caseColumns': CASE_COLUMNS,
        'cases': [[c[k] for k in CASE_COLUMNS] for c in cases],
        'terms': names,
        'coefficients': beta.tolist(),
        'standardErrors': se.tolist(),
        'clinicRate': clinic_rate,
        'surgeons': surgeons,
        'poissonExact': poisson,
    }


def write(name, data):
    # One line per case or design row, so the files stay readable and small.
    text = json.dumps(data, indent=1)
    with open(os.path.join(HERE, name), 'w') as f:
        f.write(compact_rows(text) + '\n')


def compact_rows(text):
    import re
    return re.sub(r'\[\n\s+([^\[\]{}]*?)\n\s+\]', lambda m: '[' + ' '.join(m.group(1).split()) + ']', text)


write('logistic-fixture.json', logistic_fixture())
write('casemix-fixture.json', casemix_fixture())
