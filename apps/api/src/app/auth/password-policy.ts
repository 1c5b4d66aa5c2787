import { ValidateBy, ValidationOptions } from 'class-validator';
import { PASSWORD_MIN_DISTINCT, PASSWORD_MIN_LENGTH } from '@stride/contracts';
import { ValidationFailedError } from '../common/domain-errors';

/**
 * The one password rule, for a new user and an admin's reset alike (NIST SP 800-63B 5.1.1.2:
 * length, and refusing values known to be common, expected or compromised; no composition rules).
 * Issue #9: `aaaaaaaaaa` was accepted.
 */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `password must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (new Set(password.toLowerCase()).size < PASSWORD_MIN_DISTINCT) {
    return `password must use at least ${PASSWORD_MIN_DISTINCT} different characters`;
  }
  const lower = password.toLowerCase();
  if (SEQUENCES.some((run) => run.includes(lower))) return 'password must not be a run of keys or letters, such as 1234… or qwerty…';
  if (isCommon(lower)) return 'password is too common; choose one that is not a well-known password';
  return null;
}

/** The rule as a DTO field check: a field error on `password`, code VALIDATION_FAILED. */
export function IsAllowedPassword(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAllowedPassword',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === null,
        defaultMessage: (args) => (typeof args?.value === 'string' && passwordProblem(args.value)) || 'password must be text',
      },
    },
    options,
  );
}

/** For callers without a DTO (the CLI): the same rule, as the same field error. */
export function assertAllowedPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new ValidationFailedError([{ field: 'password', message: problem }], problem);
}

// Runs long enough to hold any 12-character window, forwards and backwards.
const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm', 'qazwsxedcrfvtgbyhnujmikolp'];
const SEQUENCES = RUNS.flatMap((run) => {
  const repeated = run.repeat(Math.ceil(64 / run.length) + 1);
  return [repeated, [...repeated].reverse().join('')];
});

/**
 * The stems of the most used passwords (SecLists' 10-million list, top entries of 8+ letters,
 * plus the names of this product and its setting). Length rules out the short ones already; a
 * stem with digits or symbols stuck on (`Password2024!`, `welcome123456`) is still the stem.
 */
const COMMON_STEMS = new Set([
  'password', 'passwort', 'passphrase', 'letmein', 'welcome', 'iloveyou', 'qwerty', 'qwertyuiop', 'admin', 'administrator',
  'monkey', 'dragon', 'football', 'baseball', 'basketball', 'sunshine', 'princess', 'trustno', 'starwars', 'whatever',
  'superman', 'batman', 'master', 'michael', 'shadow', 'jennifer', 'jordan', 'hunter', 'freedom', 'computer', 'internet',
  'changeme', 'secret', 'login', 'default', 'guest', 'abc', 'test', 'testing', 'hello', 'charlie', 'mustang', 'access',
  'pokemon', 'liverpool', 'chelsea', 'arsenal', 'soccer', 'hockey', 'killer', 'cookie', 'summer', 'winter', 'spring',
  'autumn', 'january', 'february', 'december', 'november', 'october', 'september', 'blink', 'asdfgh', 'zxcvbn',
  'passw', 'pass', 'iloveu', 'lovely', 'flower', 'samsung', 'google', 'apple', 'microsoft', 'linkedin', 'facebook',
  'stride', 'clinic', 'hospital', 'surgeon', 'doctor', 'nurse', 'patient', 'spine', 'research', 'coordinator',
]);
/** Whole passwords of 12 or more characters that top the leaked lists as they are. */
const COMMON_WHOLE = new Set([
  'passwordpassword', 'iloveyouiloveyou', '1q2w3e4r5t6y', '1qaz2wsx3edc', 'qazwsxedcrfv', 'q1w2e3r4t5y6', 'a1b2c3d4e5f6',
  'correcthorsebatterystaple', 'correct horse battery staple', 'thequickbrownfox', 'letmeinletmein', 'abc123abc123',
]);
const LEET: Record<string, string> = { '@': 'a', '4': 'a', '3': 'e', '1': 'i', '!': 'i', '0': 'o', '$': 's', '5': 's', '7': 't' };

function isCommon(lower: string): boolean {
  if (COMMON_WHOLE.has(lower)) return true;
  // `P@ssw0rd2024!` -> `password`: undo look-alike letters inside, drop digits and symbols around.
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const plain = core.replace(/[@4310!$57]/g, (c) => LEET[c] ?? c);
  const stem = plain.replace(/^[^a-z]+|[^a-z]+$/g, '');
  if (COMMON_STEMS.has(stem)) return true;
  // The same stem twice or more: `adminadmin!`, `welcomewelcome`.
  const half = /^([a-z]{3,})\1+$/.exec(stem)?.[1];
  return half !== undefined && COMMON_STEMS.has(half);
}
