import { availableParallelism } from 'node:os';
import { randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { ServiceUnavailableError } from '../common/domain-errors';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// OWASP password storage cheat sheet: scrypt with N=2^17, r=8, p=1.
const PARAMS = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
const KEY_LENGTH = 32;

/**
 * Compared against when the email is unknown or the stored hash unusable, so a wrong email costs
 * the same scrypt as a wrong password (issue #9: 837 ms against 4 ms told who has an account).
 * No password hashes to these bytes that anyone knows; the parameters follow PARAMS.
 */
const DUMMY_HASH = ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, 'rGPJod9hfye1qbiA4eE7hA', '4SgMduOQHkIUyf9W-OmYuNoj5Nkceg_iria1ssDwY0A'].join('$');

/**
 * At most `concurrency` hashes run at once and the rest wait their turn, up to `maxWaiting`.
 * Each scrypt holds 128 MiB and a libuv thread for most of a second; libuv has 4 threads and the
 * portal's files are read on them too. Issue #9: 16 concurrent bad logins took all four and
 * stalled the portal and the patient survey for 17-29 s.
 */
export class HashingQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.maxWaiting) {
        throw new ServiceUnavailableError('Too many sign-ins are in progress. Please try again in a few seconds.', 5);
      }
      // The finishing task hands its slot straight to the next in line (running stays the same).
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

// Leave at least one core to the event loop: on 2 cores one hash at a time, never more than 2.
const hashing = new HashingQueue(Math.max(1, Math.min(2, availableParallelism() - 1)), 32);

/** `scrypt$N$r$p$salt$hash`, all parameters stored so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await hashing.run(() => scrypt(password, salt, KEY_LENGTH, PARAMS));
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/**
 * True when the password matches. With no stored hash (unknown email) or one that cannot be read,
 * the dummy is checked instead and the answer is false: the cost is the same either way.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = parseHash(stored);
  const { n, r, p, salt, hash } = parsed ?? (parseHash(DUMMY_HASH) as ParsedHash);
  const actual = await hashing.run(() => scrypt(password, salt, hash.length, { N: n, r, p, maxmem: PARAMS.maxmem }));
  return parsed !== null && actual.length === hash.length && timingSafeEqual(actual, hash);
}

interface ParsedHash {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parseHash(stored: string | null): ParsedHash | null {
  const [scheme, n, r, p, salt, hash] = (stored ?? '').split('$');
  if (scheme !== 'scrypt' || !salt || !hash || ![n, r, p].every((v) => Number.isInteger(Number(v)) && Number(v) > 0)) return null;
  const parsed = { n: Number(n), r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
  return parsed.hash.length >= 16 ? parsed : null;
}
