import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@stride/contracts';
import { ValidationFailedError } from './domain-errors';

/** class-validator errors, flattened to `{field, message}` with dotted paths (e.g. `answers.legPain`). */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** No request Stride accepts nests deeper than this; deeper is an attack on the parser or validator. */
export const MAX_INPUT_DEPTH = 8;
// A NUL character cannot be stored in PostgreSQL text; a lone UTF-16 surrogate is not a character.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Finds what no field may hold, before any validator or the database sees it: text with a NUL or an
 * unpaired surrogate, and structures nested deeper than MAX_INPUT_DEPTH. Returns field errors.
 */
export function unstorableInput(value: unknown, path = '', depth = 0): FieldError[] {
  const field = path || 'body';
  if (typeof value === 'string') return UNSTORABLE.test(value) ? [{ field, message: `${field} contains characters that cannot be stored` }] : [];
  if (typeof value !== 'object' || value === null) return [];
  if (depth >= MAX_INPUT_DEPTH) return [{ field, message: `${field} is nested too deeply` }];
  const errors: FieldError[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return [{ field, message: `${field} has a key with characters that cannot be stored` }];
    errors.push(...unstorableInput(child, path ? `${path}.${key}` : key, depth + 1));
    if (errors.length >= 10) break;
  }
  return errors;
}

/** The global pipe: refuses unstorable input, then whitelists, validates and transforms with class-validator. */
class StrideValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const errors = unstorableInput(value);
      if (errors.length > 0) throw new ValidationFailedError(errors);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new StrideValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(toFieldErrors(errors)),
  });
}
