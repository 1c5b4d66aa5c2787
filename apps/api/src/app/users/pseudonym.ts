import { randomInt } from 'node:crypto';

// Crockford's base32 without look-alikes, so codes can be read aloud.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random research pseudonym such as `S-7KQ2M9XD`: never derived from an MRN or a name. */
export function newPseudonym(prefix: string, length = 8): string {
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${code}`;
}
