// Zurich Claudication Questionnaire (ZCQ, also the Swiss Spinal Stenosis Questionnaire): scoring only.
// The item text is licensed and never shipped; a licensed site loads its own (see licensed-text.ts).
//
// Stucki 1996 (Spine 21:796-803): three subscales, each scored as the mean of its answered items.
// Higher is worse on every subscale, satisfaction included (1 = very satisfied, 4 = very dissatisfied).

export const ZCQ_SUBSCALES = ['symptomSeverity', 'physicalFunction', 'satisfaction'] as const;
export type ZcqSubscale = (typeof ZCQ_SUBSCALES)[number];

export interface ZcqItemSpec {
  subscale: ZcqSubscale;
  /** The values an answer may take, ascending. */
  values: readonly number[];
}

const ONE_TO_FIVE = Object.freeze([1, 2, 3, 4, 5]);
const ONE_TO_FOUR = Object.freeze([1, 2, 3, 4]);

// Item ranges are data, not arithmetic, because they differ within a subscale. Per the scoring algorithm
// published with the instrument (Stucki 1996; AO Clinical Investigation's reference implementation), the
// symptom items run 1-5 but the balance item (item 7) has only three options, scored 1, 3 and 5 so that
// it spans the same range as the other symptom items.
export const ZCQ_ITEMS: readonly ZcqItemSpec[] = Object.freeze([
  ...Array.from({ length: 6 }, (): ZcqItemSpec => ({ subscale: 'symptomSeverity', values: ONE_TO_FIVE })),
  { subscale: 'symptomSeverity', values: Object.freeze([1, 3, 5]) },
  ...Array.from({ length: 5 }, (): ZcqItemSpec => ({ subscale: 'physicalFunction', values: ONE_TO_FOUR })),
  ...Array.from({ length: 6 }, (): ZcqItemSpec => ({ subscale: 'satisfaction', values: ONE_TO_FOUR })),
]);

// Stucki 1996 scoring instructions (and DESIGN.md): a subscale is not scored when more than 2, 1 and 1
// items respectively are missing.
export const ZCQ_MAX_MISSING: Readonly<Record<ZcqSubscale, number>> = Object.freeze({
  symptomSeverity: 2,
  physicalFunction: 1,
  satisfaction: 1,
});

type ItemValues = readonly (number | null | undefined)[];

/**
 * Answers per subscale, each array in questionnaire order (7, 5 and 6 items).
 * The satisfaction subscale is post-op only: omit it at baseline.
 */
export interface ZcqAnswers {
  symptomSeverity: ItemValues;
  physicalFunction: ItemValues;
  satisfaction?: ItemValues | null;
}

/** Subscale means (unrounded); null when the subscale has too many missing items or was not asked. */
export type ZcqScore = Record<ZcqSubscale, number | null>;

export function zcqItemsOf(subscale: ZcqSubscale): readonly ZcqItemSpec[] {
  return ZCQ_ITEMS.filter((item) => item.subscale === subscale);
}

/**
 * Scores the ZCQ.
 * @throws RangeError when a subscale has the wrong number of items or an answer is not one of the item's
 *   values: answers must be validated first.
 */
export function scoreZcq(answers: ZcqAnswers): ZcqScore {
  return {
    symptomSeverity: scoreSubscale('symptomSeverity', answers.symptomSeverity),
    physicalFunction: scoreSubscale('physicalFunction', answers.physicalFunction),
    satisfaction:
      answers.satisfaction === null || answers.satisfaction === undefined
        ? null
        : scoreSubscale('satisfaction', answers.satisfaction),
  };
}

function scoreSubscale(subscale: ZcqSubscale, values: ItemValues): number | null {
  const specs = zcqItemsOf(subscale);
  if (values.length !== specs.length) {
    throw new RangeError(`ZCQ ${subscale} has ${specs.length} items, got ${values.length}`);
  }
  let sum = 0;
  let answered = 0;
  values.forEach((value, index) => {
    if (value === null || value === undefined) {
      return;
    }
    const allowed = specs[index].values;
    if (!allowed.includes(value)) {
      throw new RangeError(`ZCQ ${subscale} item ${index + 1} must be one of ${allowed.join(', ')}, got ${value}`);
    }
    sum += value;
    answered += 1;
  });
  if (specs.length - answered > ZCQ_MAX_MISSING[subscale]) {
    return null;
  }
  return sum / answered;
}
