import type { Language } from '@stride/contracts';
import { ODI_SECTION_COUNT, ODI_SECTION_MAX, ODI_SECTION_MIN } from './odi';
import { ZCQ_ITEMS } from './zcq';

// Licensed instruments (ODI, ZCQ) may not be shipped as item text (DESIGN.md, "Instruments"). A site that
// holds a licence supplies its own wording as a JSON file; the API reads the file and this module checks
// that it fits the scoring engine, so a wrong file fails loudly at boot rather than mis-scoring patients.

export const LICENSED_INSTRUMENTS = ['odi', 'zcq'] as const;
export type LicensedInstrument = (typeof LICENSED_INSTRUMENTS)[number];

/** English is required (it is the fallback); other supported languages are optional. */
export type LocalizedText = { en: string } & Partial<Record<Exclude<Language, 'en'>, string>>;

export interface LicensedOption {
  value: number;
  label: LocalizedText;
}

export interface LicensedItemText {
  text: LocalizedText;
  options: LicensedOption[];
}

export interface LicensedText {
  instrument: LicensedInstrument;
  /** The copyright / licence statement the licence requires the site to display, if any. */
  notice?: string;
  /** In questionnaire order: ODI sections 1-10, ZCQ items 1-18. */
  items: LicensedItemText[];
}

export type LicensedTextValidation = { ok: true; text: LicensedText } | { ok: false; errors: string[] };

const SUPPORTED_LANGUAGES: readonly Language[] = ['en', 'es'];

/** The values each item's options must cover, exactly, in order. */
export function licensedItemValues(instrument: LicensedInstrument): readonly (readonly number[])[] {
  if (instrument === 'odi') {
    const values = range(ODI_SECTION_MIN, ODI_SECTION_MAX);
    return Array.from({ length: ODI_SECTION_COUNT }, () => values);
  }
  return ZCQ_ITEMS.map((item) => item.values);
}

/**
 * Checks a site's licensed item text against the scoring engine: the item count per instrument, English
 * text for every item, and option values that are exactly the values the scorer accepts.
 * On success returns a clean copy holding only the known fields.
 */
export function validateLicensedItemText(json: unknown, instrument: LicensedInstrument): LicensedTextValidation {
  const errors: string[] = [];
  if (!isRecord(json)) {
    return { ok: false, errors: ['expected a JSON object with "instrument" and "items"'] };
  }
  if (json['instrument'] !== instrument) {
    errors.push(`instrument must be "${instrument}", got ${show(json['instrument'])}`);
  }
  const notice = json['notice'];
  if (notice !== undefined && typeof notice !== 'string') {
    errors.push('notice must be a string when present');
  }
  const items = json['items'];
  const expected = licensedItemValues(instrument);
  if (!Array.isArray(items)) {
    errors.push('items must be an array');
    return { ok: false, errors };
  }
  if (items.length !== expected.length) {
    errors.push(`${instrument} has ${expected.length} items, the file has ${items.length}`);
  }
  const clean: LicensedItemText[] = [];
  items.slice(0, expected.length).forEach((item: unknown, index) => {
    const parsed = parseItem(item, `items[${index}]`, expected[index], errors);
    if (parsed) {
      clean.push(parsed);
    }
  });
  if (errors.length > 0) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    text: { instrument, ...(typeof notice === 'string' ? { notice } : {}), items: clean },
  };
}

function parseItem(
  item: unknown,
  path: string,
  values: readonly number[],
  errors: string[],
): LicensedItemText | undefined {
  if (!isRecord(item)) {
    errors.push(`${path} must be an object with "text" and "options"`);
    return undefined;
  }
  const text = parseLocalized(item['text'], `${path}.text`, errors);
  const options = item['options'];
  if (!Array.isArray(options)) {
    errors.push(`${path}.options must be an array`);
    return undefined;
  }
  const found = options.map((option: unknown) => (isRecord(option) ? option['value'] : undefined));
  if (found.length !== values.length || found.some((value, i) => value !== values[i])) {
    errors.push(`${path}.options must have the values ${values.join(', ')} in order, got ${found.map(show).join(', ')}`);
    return undefined;
  }
  const parsedOptions: LicensedOption[] = [];
  options.forEach((option: unknown, i) => {
    const label = parseLocalized(isRecord(option) ? option['label'] : undefined, `${path}.options[${i}].label`, errors);
    if (label) {
      parsedOptions.push({ value: values[i], label });
    }
  });
  if (!text || parsedOptions.length !== values.length) {
    return undefined;
  }
  return { text, options: parsedOptions };
}

function parseLocalized(value: unknown, path: string, errors: string[]): LocalizedText | undefined {
  if (!isRecord(value)) {
    errors.push(`${path} must be an object of texts by language, e.g. {"en": "..."}`);
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(key)) {
      errors.push(`${path}.${key} is not a supported language (${SUPPORTED_LANGUAGES.join(', ')})`);
      ok = false;
    } else if (!isNonBlank(value[key])) {
      errors.push(`${path}.${key} must be a non-empty string`);
      ok = false;
    }
  }
  const en = value['en'];
  if (!isNonBlank(en)) {
    if (!Object.hasOwn(value, 'en')) {
      errors.push(`${path}.en is required`);
    }
    return undefined;
  }
  if (!ok) {
    return undefined;
  }
  const es = value['es'];
  return { en, ...(isNonBlank(es) ? { es } : {}) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function show(value: unknown): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

function range(min: number, max: number): readonly number[] {
  return Object.freeze(Array.from({ length: max - min + 1 }, (_, i) => min + i));
}
