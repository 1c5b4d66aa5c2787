import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/**
 * Phone numbers as stored are free-form ("(212) 555-0142", "+1 212 555 0142"); providers send
 * E.164 ("+12125550142"). Both are read as E.164 (libphonenumber-js), numbers without a country
 * code in the clinic's own country: the one CLINIC_PHONE is in, else the US.
 */
export function clinicRegion(clinicPhone: string): CountryCode {
  return parsePhoneNumberFromString(clinicPhone)?.country ?? 'US';
}

export function toE164(raw: string, region: CountryCode): string | null {
  return parsePhoneNumberFromString(raw.trim(), region)?.number ?? null;
}

/** The last 7 digits: what patients_phone_tail_idx indexes, to find the few candidates to compare exactly. */
export function phoneTail(e164: string): string {
  return e164.replace(/\D/g, '').slice(-7);
}
