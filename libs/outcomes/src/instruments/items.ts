import type { Answers, FieldError, Language, SurveyQuestion, Timepoint } from '@stride/contracts';

// The four built-in items Stride owns and may ship with their wording (DESIGN.md, "Instruments").
// Licensed instruments (ODI, ZCQ, ...) never appear here: see odi.ts, zcq.ts and licensed-text.ts.

export const ITEM_IDS = ['legPain', 'backPain', 'walkingDistance', 'satisfaction'] as const satisfies readonly (keyof Answers)[];
export type ItemId = (typeof ITEM_IDS)[number];

export interface ItemLabel {
  value: number;
  label: string;
}

export interface ItemDefinition {
  id: ItemId;
  min: number;
  max: number;
  /** Asked only after surgery (never at baseline). */
  postOpOnly: boolean;
  text: Record<Language, string>;
  /** For a numeric rating scale only the two anchors; for ordered bins and Likert items every value. */
  labels: Record<Language, ItemLabel[]>;
}

// Pain items follow the IMMPACT recommendation of an 11-point NRS anchored "no pain" / "worst pain
// imaginable" with a one-week recall (Dworkin 2005, Pain 113:9-19). Leg pain is the cardinal symptom of
// neurogenic claudication, so it is asked first.
const PAIN_ANCHORS: Record<Language, ItemLabel[]> = {
  en: [
    { value: 0, label: 'No pain' },
    { value: 10, label: 'Worst pain imaginable' },
  ],
  es: [
    { value: 0, label: 'Sin dolor' },
    { value: 10, label: 'El peor dolor imaginable' },
  ],
};

export const BUILT_IN_ITEMS: readonly ItemDefinition[] = deepFreeze([
  {
    id: 'legPain',
    min: 0,
    max: 10,
    postOpOnly: false,
    text: {
      en: 'On average, how much leg pain have you had over the past week?',
      es: 'En promedio, ¿cuánto dolor de piernas ha tenido durante la última semana?',
    },
    labels: PAIN_ANCHORS,
  },
  {
    id: 'backPain',
    min: 0,
    max: 10,
    postOpOnly: false,
    text: {
      en: 'On average, how much back pain have you had over the past week?',
      es: 'En promedio, ¿cuánto dolor de espalda ha tenido durante la última semana?',
    },
    labels: PAIN_ANCHORS,
  },
  {
    // Ordered bins rather than free metres: patients estimate distance poorly, but can say which band they
    // are in, and bins make "improved by one bin" a well-defined change (Success v1).
    id: 'walkingDistance',
    min: 0,
    max: 4,
    postOpOnly: false,
    text: {
      en: 'How far can you walk before leg symptoms stop you?',
      es: '¿Cuánto puede caminar antes de que las molestias en las piernas le obliguen a detenerse?',
    },
    labels: {
      en: [
        { value: 0, label: '< 50 m' },
        { value: 1, label: '50–200 m (1–2 blocks)' },
        { value: 2, label: '200 m – 1 km' },
        { value: 3, label: '1–2 km' },
        { value: 4, label: '> 2 km or unlimited' },
      ],
      es: [
        { value: 0, label: '< 50 m' },
        { value: 1, label: '50–200 m (1–2 cuadras)' },
        { value: 2, label: '200 m – 1 km' },
        { value: 3, label: '1–2 km' },
        { value: 4, label: '> 2 km o sin límite' },
      ],
    },
  },
  {
    // Satisfaction with the result only makes sense once there is a result, hence post-op only.
    id: 'satisfaction',
    min: 1,
    max: 5,
    postOpOnly: true,
    text: {
      en: 'Overall, how satisfied are you with the result of your surgery?',
      es: 'En general, ¿qué grado de satisfacción tiene con el resultado de su operación?',
    },
    labels: {
      en: [
        { value: 1, label: 'Very dissatisfied' },
        { value: 2, label: 'Somewhat dissatisfied' },
        { value: 3, label: 'Neither satisfied nor dissatisfied' },
        { value: 4, label: 'Somewhat satisfied' },
        { value: 5, label: 'Very satisfied' },
      ],
      es: [
        { value: 1, label: 'Muy insatisfecho/a' },
        { value: 2, label: 'Algo insatisfecho/a' },
        { value: 3, label: 'Ni satisfecho/a ni insatisfecho/a' },
        { value: 4, label: 'Algo satisfecho/a' },
        { value: 5, label: 'Muy satisfecho/a' },
      ],
    },
  },
]);

/** Whether an item is asked at this time point (satisfaction is never asked at baseline). */
export function isItemAsked(item: ItemDefinition, timepoint: Timepoint): boolean {
  return !item.postOpOnly || timepoint !== 'baseline';
}

/** The questions of the survey at one time point, worded in the patient's language. */
export function surveyQuestions(timepoint: Timepoint, language: Language): SurveyQuestion[] {
  return BUILT_IN_ITEMS.filter((item) => isItemAsked(item, timepoint)).map((item) => ({
    id: item.id,
    text: item.text[language],
    type: 'scale',
    min: item.min,
    max: item.max,
    labels: item.labels[language].map((label) => ({ ...label })),
    required: true,
  }));
}

export interface ValidateAnswersOptions {
  /** true for a final submit: every item asked at this time point must then be answered. */
  complete: boolean;
}

/**
 * Checks answers from an untrusted source (the public survey, staff entry, CSV import).
 * An empty array means valid. `null` or an absent key means "not answered", which is fine for a partial
 * save; a final submit (`complete: true`) must answer every item asked at the time point.
 */
export function validateAnswers(answers: unknown, timepoint: Timepoint, opts: ValidateAnswersOptions): FieldError[] {
  if (!isPlainObject(answers)) {
    return [{ field: 'answers', message: 'answers must be an object with one value per question' }];
  }
  const errors: FieldError[] = [];
  for (const key of Object.keys(answers)) {
    if (!BUILT_IN_ITEMS.some((item) => item.id === key)) {
      errors.push({ field: `answers.${key}`, message: `${key} is not a question in this survey` });
    }
  }
  for (const item of BUILT_IN_ITEMS) {
    const value = Object.hasOwn(answers, item.id) ? answers[item.id] : undefined;
    const answered = value !== null && value !== undefined;
    const field = `answers.${item.id}`;
    if (!isItemAsked(item, timepoint)) {
      // Accept an explicit null (forms often send every key) but never a value: a pre-operative
      // "satisfaction with surgery" would be meaningless and would leak into the satisfaction rate.
      if (answered) {
        errors.push({ field, message: `${item.id} is only asked after surgery` });
      }
      continue;
    }
    if (!answered) {
      if (opts.complete) {
        errors.push({ field, message: `${item.id} is required` });
      }
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < item.min || value > item.max) {
      errors.push({ field, message: `${item.id} must be a whole number from ${item.min} to ${item.max}` });
    }
  }
  return errors;
}

export type ParseAnswersResult = { ok: true; answers: Answers } | { ok: false; errors: FieldError[] };

/** validateAnswers, returning the typed answers (only the known keys, nulls dropped) when they are valid. */
export function parseAnswers(answers: unknown, timepoint: Timepoint, opts: ValidateAnswersOptions): ParseAnswersResult {
  const errors = validateAnswers(answers, timepoint, opts);
  if (errors.length > 0 || !isPlainObject(answers)) {
    return { ok: false, errors };
  }
  const parsed: Answers = {};
  for (const id of ITEM_IDS) {
    const value = answers[id];
    if (typeof value === 'number') {
      parsed[id] = value;
    }
  }
  return { ok: true, answers: parsed };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}
