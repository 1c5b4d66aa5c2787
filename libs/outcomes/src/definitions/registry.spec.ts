import type { Answers } from '@stride/contracts';
import {
  CURRENT_DEFINITIONS,
  DEFINITIONS,
  UnknownDefinitionError,
  definitionVersionLabel,
  evaluateSatisfied,
  evaluateSuccess,
  getDefinition,
  registerDefinition,
  toDefinitionRef,
} from './registry';
import { SATISFIED_V1 } from './satisfied';
import { SUCCESS_V1 } from './success';
import { SUCCESS_V2 } from './success-v2';
import type { OutcomeDefinition } from './types';

// A hypothetical stricter v3, written the way a real one would be: a new object, v1 and v2 untouched.
const SUCCESS_V3: OutcomeDefinition = {
  name: 'success',
  version: 'v3',
  description: 'Test only: success v1 and also satisfied (4 or 5).',
  evaluate: (input) => {
    const v1 = SUCCESS_V1.evaluate(input);
    const satisfied = SATISFIED_V1.evaluate(input);
    return v1 === null || satisfied === null ? null : v1 && satisfied;
  },
};

const CASES: [Answers | null, Answers][] = [
  [{ legPain: 8, walkingDistance: 1 }, { legPain: 2, walkingDistance: 3, satisfaction: 2 }],
  [{ legPain: 8, walkingDistance: 1 }, { legPain: 2, walkingDistance: 3, satisfaction: 5 }],
  [{ legPain: 6, walkingDistance: 4 }, { legPain: 4, walkingDistance: 4, satisfaction: 4 }],
  [{ legPain: 10, walkingDistance: 4 }, { legPain: 7, walkingDistance: 4 }],
  [null, { legPain: 2, walkingDistance: 3, satisfaction: 5 }],
];

describe('DEFINITIONS', () => {
  it('holds success v1 and v2 and satisfied v1, keyed by name and version', () => {
    expect(DEFINITIONS['success']['v1']).toBe(SUCCESS_V1);
    expect(DEFINITIONS['success']['v2']).toBe(SUCCESS_V2);
    expect(DEFINITIONS['satisfied']['v1']).toBe(SATISFIED_V1);
    expect(Object.isFrozen(DEFINITIONS)).toBe(true);
    expect(Object.isFrozen(DEFINITIONS['success'])).toBe(true);
  });
});

describe(getDefinition.name, () => {
  it('finds a definition by name and version', () => {
    expect(getDefinition('success', 'v1')).toBe(SUCCESS_V1);
  });

  it.each([
    ['success', 'v3'],
    ['cure', 'v1'],
    ['constructor', 'v1'],
    ['success', 'toString'],
    ['__proto__', 'v1'],
  ])('refuses %s-%s', (name, version) => {
    expect(() => getDefinition(name, version)).toThrow(UnknownDefinitionError);
  });
});

describe(registerDefinition.name, () => {
  it('adds v3 without changing a single v1 result', () => {
    const before = CASES.map(([baseline, followUp]) => evaluateSuccess(baseline, followUp, 'v1'));

    const sut = registerDefinition(DEFINITIONS, SUCCESS_V3);

    const v1After = CASES.map(([baseline, followUp]) => getDefinition('success', 'v1', sut).evaluate({ baseline, followUp }));
    const v3 = CASES.map(([baseline, followUp]) => getDefinition('success', 'v3', sut).evaluate({ baseline, followUp }));
    expect(before).toEqual([true, true, true, true, null]);
    expect(v1After).toEqual(before);
    expect(v3).toEqual([false, true, true, null, null]);
    expect(getDefinition('satisfied', 'v1', sut)).toBe(SATISFIED_V1);
  });

  it('leaves the original registry as it was', () => {
    registerDefinition(DEFINITIONS, SUCCESS_V3);

    expect(() => getDefinition('success', 'v3')).toThrow(UnknownDefinitionError);
    expect(Object.keys(DEFINITIONS['success'])).toEqual(['v1', 'v2']);
  });

  it('refuses to replace a published version', () => {
    const changedV1: OutcomeDefinition = { ...SUCCESS_V1, evaluate: () => true };

    expect(() => registerDefinition(DEFINITIONS, changedV1)).toThrow('success-v1 is already registered');
  });
});

describe(definitionVersionLabel.name, () => {
  it('names the versions in use, as the exports stamp them', () => {
    expect(definitionVersionLabel()).toBe('success-v2;satisfied-v1');
  });

  it('follows the definitions it is given', () => {
    expect(definitionVersionLabel({ ...CURRENT_DEFINITIONS, success: SUCCESS_V1 })).toBe('success-v1;satisfied-v1');
  });
});

describe(toDefinitionRef.name, () => {
  it('gives the plain contract shape', () => {
    const sut = toDefinitionRef(SUCCESS_V1);

    expect(sut).toEqual({ name: 'success', version: 'v1', description: SUCCESS_V1.description });
    expect(Object.keys(sut)).toEqual(['name', 'version', 'description']);
  });
});

describe(evaluateSuccess.name, () => {
  it('uses v2 by default, and v1 when asked', () => {
    expect(evaluateSuccess({ legPain: 8, walkingDistance: 1 }, { legPain: 2, walkingDistance: 2 })).toBe(true);
    expect(evaluateSuccess({ legPain: 2, walkingDistance: 1 }, { legPain: 0, walkingDistance: 2 })).toBeNull();
    expect(evaluateSuccess({ legPain: 2, walkingDistance: 1 }, { legPain: 0, walkingDistance: 2 }, 'v1')).toBe(true);
    expect(evaluateSuccess(null, { legPain: 2, walkingDistance: 2 })).toBeNull();
  });

  it('refuses an unknown version rather than guessing', () => {
    expect(() => evaluateSuccess(null, {}, 'v9')).toThrow(UnknownDefinitionError);
  });
});

describe(evaluateSatisfied.name, () => {
  it('uses v1 by default', () => {
    expect(evaluateSatisfied({ satisfaction: 4 })).toBe(true);
    expect(evaluateSatisfied({ satisfaction: 3 })).toBe(false);
    expect(evaluateSatisfied({})).toBeNull();
  });
});
