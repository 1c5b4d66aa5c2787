import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ValidationFailedError } from '../common/domain-errors';
import { IMPORT_MAX_BYTES } from './patient-import';

/**
 * `text/csv` request bodies reach handlers as the bytes sent, undecoded, so the import can tell
 * UTF-8 from Latin-1 itself; up to IMPORT_MAX_BYTES (JSON bodies stay at the global 256 KiB).
 */
export function acceptCsvBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(['text/csv', 'application/csv'], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) =>
    done(null, body),
  );
}

/** The CSV file of a `text/csv` request. A custom decorator, so the global pipe never walks its bytes. */
export const CsvBody = createParamDecorator((_: unknown, ctx: ExecutionContext): Buffer => {
  const body = ctx.switchToHttp().getRequest<{ body?: unknown }>().body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw new ValidationFailedError([{ field: 'file', message: 'Send the CSV file itself as the body, with Content-Type: text/csv' }]);
  }
  return body;
});
