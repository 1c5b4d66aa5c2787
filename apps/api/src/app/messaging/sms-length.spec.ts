import { smsLength, toGsm7 } from './sms-length';

describe(smsLength.name, () => {
  it('GSM-7: 160 characters in one segment, then 153 per part', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(smsLength('a'.repeat(161))).toEqual({ encoding: 'GSM-7', segments: 2 });
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
  });

  it('GSM-7 extension characters (€ [ ] { } ~ ^ | \\) take two septets', () => {
    expect(smsLength('€'.repeat(80))).toEqual({ encoding: 'GSM-7', segments: 1 });
    expect(smsLength('€'.repeat(81)).segments).toBe(2);
    expect(smsLength('a'.repeat(159) + '[').segments).toBe(2);
  });

  it('Spanish letters in GSM-7 (é ñ ü ¿ ¡) keep GSM-7; í á ó ú switch to UCS-2 at 70, then 67 per part', () => {
    expect(smsLength('¿Cómo?').encoding).toBe('UCS-2');
    expect(smsLength('¿Qué tal? Añoranza, pingüino, ¡sí!'.replace('í', 'i')).encoding).toBe('GSM-7');
    expect(smsLength('í'.repeat(70))).toEqual({ encoding: 'UCS-2', segments: 1 });
    expect(smsLength('í'.repeat(71)).segments).toBe(2);
    expect(smsLength('í'.repeat(134)).segments).toBe(2);
    expect(smsLength('í'.repeat(135)).segments).toBe(3);
  });
});

describe(toGsm7.name, () => {
  it('keeps what GSM-7 can carry and folds the rest to its plain letter', () => {
    expect(toGsm7('Clínica San José, Peñalolén, Müller')).toBe('Clinica San José, Peñalolén, Müller');
    expect(toGsm7('Área de Columna Ósea — “Unidad”')).toBe('Area de Columna Osea - "Unidad"');
    expect(toGsm7('Line one\nline two: 100% ok? [x] €5')).toBe('Line one\nline two: 100% ok? [x] €5');
  });

  it('drops what has no plain form, so the text stays GSM-7', () => {
    const folded = toGsm7('Spine 🦴 Clinic 脊椎');
    expect(folded).toBe('Spine  Clinic ');
    expect(smsLength(folded).encoding).toBe('GSM-7');
  });
});
