// Oswestry Disability Index (ODI) v2.1a: scoring only. The item text is licensed (Mapi Research Trust)
// and is never shipped; a licensed site loads its own (see licensed-text.ts).

/** One answer per section, in questionnaire order; null or undefined = section not answered. */
export type OdiSections = readonly (number | null | undefined)[];

export const ODI_SECTION_COUNT = 10;
export const ODI_SECTION_MIN = 0;
export const ODI_SECTION_MAX = 5;

// Fairbank & Pynsent 2000 (Spine 25:2940-52): when a section is missed or not applicable (typically
// section 8, sex life), the denominator shrinks by 5 per missing section: 16 points with one section
// missing is 16/45 = 35.6%. The paper sets no upper limit; we stop at 2 missing sections (at least 8 of 10
// answered), the common registry convention, so a skipped "sex life" plus one other omission still scores
// but a mostly blank form does not produce a number that looks as precise as a complete one.
export const ODI_MAX_MISSING_SECTIONS = 2;

export interface OdiScore {
  /** 0-100, unrounded (round only for display); null when too many sections are missing. */
  score: number | null;
  answered: number;
}

/**
 * Scores an ODI questionnaire.
 * @throws RangeError when there are not exactly 10 sections or an answer is not a whole number 0-5:
 *   that is a caller bug (answers must be validated first), not a missing value.
 */
export function scoreOdi(sections: OdiSections): OdiScore {
  if (sections.length !== ODI_SECTION_COUNT) {
    throw new RangeError(`ODI has ${ODI_SECTION_COUNT} sections, got ${sections.length}`);
  }
  let sum = 0;
  let answered = 0;
  sections.forEach((value, index) => {
    if (value === null || value === undefined) {
      return;
    }
    if (!Number.isInteger(value) || value < ODI_SECTION_MIN || value > ODI_SECTION_MAX) {
      throw new RangeError(`ODI section ${index + 1} must be a whole number from 0 to 5, got ${value}`);
    }
    sum += value;
    answered += 1;
  });
  if (ODI_SECTION_COUNT - answered > ODI_MAX_MISSING_SECTIONS) {
    return { score: null, answered };
  }
  return { score: (sum / (ODI_SECTION_MAX * answered)) * 100, answered };
}
