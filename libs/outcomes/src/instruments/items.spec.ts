import { LANGUAGES, TIMEPOINTS } from '@stride/contracts';
import { BUILT_IN_ITEMS, parseAnswers, surveyQuestions, validateAnswers } from './items';

describe('BUILT_IN_ITEMS', () => {
  it.each(BUILT_IN_ITEMS.map((item) => [item.id, item] as const))('%s is worded in every language', (_id, item) => {
    for (const language of LANGUAGES) {
      expect(item.text[language].trim()).not.toBe('');
      expect(item.labels[language].length).toBeGreaterThanOrEqual(2);
      for (const { value, label } of item.labels[language]) {
        expect(Number.isInteger(value) && value >= item.min && value <= item.max).toBe(true);
        expect(label.trim()).not.toBe('');
      }
    }
    expect(item.labels.es.map((l) => l.value)).toEqual(item.labels.en.map((l) => l.value));
  });

  it('gives walking distance the five ordered bins of the design', () => {
    const sut = BUILT_IN_ITEMS.find((item) => item.id === 'walkingDistance')!;

    expect(sut.labels.en).toEqual([
      { value: 0, label: '< 50 m' },
      { value: 1, label: '50–200 m (1–2 blocks)' },
      { value: 2, label: '200 m – 1 km' },
      { value: 3, label: '1–2 km' },
      { value: 4, label: '> 2 km or unlimited' },
    ]);
  });

  it('labels all five satisfaction values, from very dissatisfied to very satisfied', () => {
    const sut = BUILT_IN_ITEMS.find((item) => item.id === 'satisfaction')!;

    expect(sut.labels.en.map((l) => l.value)).toEqual([1, 2, 3, 4, 5]);
    expect(sut.labels.en[0].label).toBe('Very dissatisfied');
    expect(sut.labels.en[4].label).toBe('Very satisfied');
    expect(sut.postOpOnly).toBe(true);
  });

  it('anchors the pain scales at no pain and worst pain imaginable', () => {
    const sut = BUILT_IN_ITEMS.find((item) => item.id === 'legPain')!;

    expect(sut.labels.en).toEqual([
      { value: 0, label: 'No pain' },
      { value: 10, label: 'Worst pain imaginable' },
    ]);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(BUILT_IN_ITEMS)).toBe(true);
    expect(Object.isFrozen(BUILT_IN_ITEMS[0].labels.en[0])).toBe(true);
  });
});

describe(surveyQuestions.name, () => {
  it('asks no satisfaction question at baseline', () => {
    const sut = surveyQuestions('baseline', 'en');

    expect(sut.map((q) => q.id)).toEqual(['legPain', 'backPain', 'walkingDistance']);
  });

  it.each(TIMEPOINTS.filter((t) => t !== 'baseline'))('asks all four questions at %s, all required', (timepoint) => {
    const sut = surveyQuestions(timepoint, 'en');

    expect(sut.map((q) => q.id)).toEqual(['legPain', 'backPain', 'walkingDistance', 'satisfaction']);
    expect(sut.every((q) => q.required && q.type === 'scale')).toBe(true);
  });

  it('words the questions in the patient language', () => {
    const sut = surveyQuestions('6m', 'es');

    expect(sut[2]).toEqual({
      id: 'walkingDistance',
      text: '¿Cuánto puede caminar antes de que las molestias en las piernas le obliguen a detenerse?',
      type: 'scale',
      min: 0,
      max: 4,
      labels: expect.arrayContaining([{ value: 4, label: '> 2 km o sin límite' }]),
      required: true,
    });
    expect(sut[3].labels[0]).toEqual({ value: 1, label: 'Muy insatisfecho/a' });
  });

  it('returns copies the caller may change', () => {
    const sut = surveyQuestions('6m', 'en');

    sut[0].labels[0].label = 'changed';

    expect(surveyQuestions('6m', 'en')[0].labels[0].label).toBe('No pain');
  });
});

describe(validateAnswers.name, () => {
  const complete = { legPain: 3, backPain: 2, walkingDistance: 4, satisfaction: 5 };

  it('accepts a complete post-operative survey', () => {
    expect(validateAnswers(complete, '6m', { complete: true })).toEqual([]);
  });

  it('accepts a partial save, with unanswered items absent or null', () => {
    expect(validateAnswers({ legPain: 0, backPain: null }, '2w', { complete: false })).toEqual([]);
    expect(validateAnswers({}, 'baseline', { complete: false })).toEqual([]);
  });

  it('requires every item asked at the time point on a final submit', () => {
    const sut = validateAnswers({ legPain: 3, backPain: null }, '3m', { complete: true });

    expect(sut).toEqual([
      { field: 'answers.backPain', message: 'backPain is required' },
      { field: 'answers.walkingDistance', message: 'walkingDistance is required' },
      { field: 'answers.satisfaction', message: 'satisfaction is required' },
    ]);
  });

  it('does not require satisfaction at baseline', () => {
    expect(validateAnswers({ legPain: 3, backPain: 2, walkingDistance: 0 }, 'baseline', { complete: true })).toEqual([]);
  });

  it('rejects a satisfaction answer at baseline but tolerates an explicit null', () => {
    expect(validateAnswers({ satisfaction: 4 }, 'baseline', { complete: false })).toEqual([
      { field: 'answers.satisfaction', message: 'satisfaction is only asked after surgery' },
    ]);
    expect(validateAnswers({ satisfaction: null }, 'baseline', { complete: false })).toEqual([]);
  });

  it.each([
    ['legPain', 11, 'legPain must be a whole number from 0 to 10'],
    ['legPain', -1, 'legPain must be a whole number from 0 to 10'],
    ['legPain', 2.5, 'legPain must be a whole number from 0 to 10'],
    ['legPain', '5', 'legPain must be a whole number from 0 to 10'],
    ['backPain', Number.NaN, 'backPain must be a whole number from 0 to 10'],
    ['walkingDistance', 5, 'walkingDistance must be a whole number from 0 to 4'],
    ['satisfaction', 0, 'satisfaction must be a whole number from 1 to 5'],
    ['satisfaction', true, 'satisfaction must be a whole number from 1 to 5'],
  ])('rejects %s = %p', (id, value, message) => {
    const sut = validateAnswers({ [id]: value }, '6w', { complete: false });

    expect(sut).toEqual([{ field: `answers.${id}`, message }]);
  });

  it('rejects keys that are not questions', () => {
    const sut = validateAnswers({ ...complete, odi1: 3 }, '6m', { complete: true });

    expect(sut).toEqual([{ field: 'answers.odi1', message: 'odi1 is not a question in this survey' }]);
  });

  it.each([null, undefined, 'text', 7, [1, 2]])('rejects %p instead of an object', (value) => {
    expect(validateAnswers(value, '6m', { complete: false })).toEqual([
      { field: 'answers', message: 'answers must be an object with one value per question' },
    ]);
  });

  it('does not treat inherited properties as answers', () => {
    const sut = validateAnswers(JSON.parse('{"__proto__": {"legPain": 99}}'), '6m', { complete: false });

    expect(sut).toEqual([{ field: 'answers.__proto__', message: '__proto__ is not a question in this survey' }]);
  });
});

describe(parseAnswers.name, () => {
  it('returns only the answered known items when valid', () => {
    const sut = parseAnswers({ legPain: 4, backPain: null, walkingDistance: 1 }, '2w', { complete: false });

    expect(sut).toEqual({ ok: true, answers: { legPain: 4, walkingDistance: 1 } });
  });

  it('returns the field errors when invalid', () => {
    const sut = parseAnswers({ legPain: 40 }, '2w', { complete: false });

    expect(sut).toEqual({
      ok: false,
      errors: [{ field: 'answers.legPain', message: 'legPain must be a whole number from 0 to 10' }],
    });
  });
});
