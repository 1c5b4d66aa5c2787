import { licensedItemValues, validateLicensedItemText } from './licensed-text';

// Placeholder wording only: the real ODI and ZCQ text is licensed and must never be in this repository.
function placeholderText(instrument: 'odi' | 'zcq'): { instrument: string; items: unknown[]; notice?: string } {
  return {
    instrument,
    items: licensedItemValues(instrument).map((values, i) => ({
      text: { en: `Item ${i + 1} (placeholder)` },
      options: values.map((value) => ({ value, label: { en: `Option ${value} (placeholder)` } })),
    })),
  };
}

describe(validateLicensedItemText.name, () => {
  it('accepts ODI text with 10 sections of 6 options (0-5)', () => {
    const sut = validateLicensedItemText(placeholderText('odi'), 'odi');

    expect(sut.ok).toBe(true);
    if (sut.ok) {
      expect(sut.text.items).toHaveLength(10);
      expect(sut.text.items[0].options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5]);
    }
  });

  it('accepts ZCQ text with 18 items whose options match the scoring ranges', () => {
    const sut = validateLicensedItemText(placeholderText('zcq'), 'zcq');

    expect(sut.ok).toBe(true);
    if (sut.ok) {
      expect(sut.text.items).toHaveLength(18);
      expect(sut.text.items[6].options.map((o) => o.value)).toEqual([1, 3, 5]);
      expect(sut.text.items[17].options.map((o) => o.value)).toEqual([1, 2, 3, 4]);
    }
  });

  it('keeps Spanish text and the licence notice, and drops unknown fields', () => {
    const json = placeholderText('odi');
    json.notice = 'Placeholder licence notice';
    json.items[0] = {
      text: { en: 'Item 1 (placeholder)', es: 'Ítem 1 (marcador)' },
      options: [0, 1, 2, 3, 4, 5].map((value) => ({ value, label: { en: `Option ${value}` }, colour: 'red' })),
      extra: true,
    };

    const sut = validateLicensedItemText(json, 'odi');

    expect(sut).toMatchObject({ ok: true, text: { instrument: 'odi', notice: 'Placeholder licence notice' } });
    if (sut.ok) {
      expect(sut.text.items[0]).toEqual({
        text: { en: 'Item 1 (placeholder)', es: 'Ítem 1 (marcador)' },
        options: [0, 1, 2, 3, 4, 5].map((value) => ({ value, label: { en: `Option ${value}` } })),
      });
    }
  });

  it('refuses a file for another instrument', () => {
    const sut = validateLicensedItemText(placeholderText('odi'), 'zcq');

    expect(sut.ok).toBe(false);
    if (!sut.ok) {
      expect(sut.errors).toContain('instrument must be "zcq", got "odi"');
      expect(sut.errors).toContain('zcq has 18 items, the file has 10');
    }
  });

  it('refuses a wrong item count', () => {
    const json = placeholderText('odi');
    json.items.pop();

    expect(validateLicensedItemText(json, 'odi')).toEqual({ ok: false, errors: ['odi has 10 items, the file has 9'] });
  });

  it('refuses options that do not match the scoring range', () => {
    const json = placeholderText('zcq');
    json.items[6] = {
      text: { en: 'Item 7 (placeholder)' },
      options: [1, 2, 3, 4, 5].map((value) => ({ value, label: { en: `Option ${value}` } })),
    };

    expect(validateLicensedItemText(json, 'zcq')).toEqual({
      ok: false,
      errors: ['items[6].options must have the values 1, 3, 5 in order, got 1, 2, 3, 4, 5'],
    });
  });

  it('requires English text for every item and option', () => {
    const json = placeholderText('odi');
    json.items[2] = {
      text: { es: 'Sólo español' },
      options: [0, 1, 2, 3, 4, 5].map((value) => ({ value, label: value === 3 ? { en: '  ' } : { en: 'x' } })),
    };

    const sut = validateLicensedItemText(json, 'odi');

    expect(sut).toEqual({
      ok: false,
      errors: ['items[2].text.en is required', 'items[2].options[3].label.en must be a non-empty string'],
    });
  });

  it('refuses languages Stride does not support', () => {
    const json = placeholderText('odi');
    json.items[0] = { text: { en: 'Item 1', fr: 'Élément 1' }, options: (placeholderText('odi').items[0] as { options: unknown }).options };

    expect(validateLicensedItemText(json, 'odi')).toEqual({
      ok: false,
      errors: ['items[0].text.fr is not a supported language (en, es)'],
    });
  });

  it.each([null, [], 'odi', 42])('refuses %p', (json) => {
    expect(validateLicensedItemText(json, 'odi')).toEqual({
      ok: false,
      errors: ['expected a JSON object with "instrument" and "items"'],
    });
  });

  it('refuses a file without items', () => {
    expect(validateLicensedItemText({ instrument: 'odi' }, 'odi')).toEqual({ ok: false, errors: ['items must be an array'] });
  });
});
