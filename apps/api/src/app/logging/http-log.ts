import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Logger as Pino } from 'pino';
import { pinoHttp, Options } from 'pino-http';

/**
 * What a request's log line may say about it. Survey links are secrets (DESIGN.md: "the raw token is
 * never logged"), query strings carry searches by patient name, and headers carry bearer tokens and
 * cookies, so a line names the method and a redacted path, never the raw URL, a header or a body.
 */

/** A client's X-Request-Id is kept only when it looks like an id: 8-128 letters, digits and `._:-`. */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

/** The incoming X-Request-Id when well-formed, else a new UUID: a log line never echoes a client's junk. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && WELL_FORMED_REQUEST_ID.test(value) ? value : randomUUID();
}

/** A path segment after /s/ or /surveys/ is a survey token (the page, its opt-out page and the API alike). */
const SURVEY_TOKEN_SEGMENT = /\/(s|surveys)\/[^/]+/g;

/** The path without its query string, every survey token replaced by `:token`. */
export function redactPath(url: string | undefined): string {
  const path = (url ?? '/').split(/[?#]/, 1)[0];
  return path.replace(SURVEY_TOKEN_SEGMENT, '/$1/:token');
}

/** Liveness and readiness probes hit every few seconds: their lines only at debug. */
const PROBES = /^\/api\/health(\/live|\/ready)?$/;

/** The request id's key in every line, for pino-http here and nestjs-pino's request context alike. */
export const REQUEST_ID_KEY = 'requestId';

/**
 * One line per finished request, for every path (the API, the portal's files, the survey page),
 * through pino-http on a Fastify hook: Nest's middleware, where nestjs-pino would log, runs only
 * under the /api prefix. The id is Fastify's (see bootstrap: `genReqId`), answered as X-Request-Id.
 */
export function logRequests(fastify: FastifyInstance, root: Pino): void {
  const logRequest = pinoHttp({ logger: root, ...httpLogOptions() });
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    (request.raw as IncomingMessage & { id?: string }).id = request.id;
    logRequest(request.raw, reply.raw);
    done();
  });
}

function httpLogOptions(): Options<IncomingMessage, ServerResponse> {
  return {
    customAttributeKeys: { reqId: REQUEST_ID_KEY },
    // Lines logged while handling a request carry its id only; the finishing line carries the rest.
    quietReqLogger: true,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ method: req.method, path: redactPath(req.url) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (req, res, error) => {
      // 503 is an outage (the database away), not a bug: HttpErrorFilter warns once per episode
      // (OutageLog); each refused request is an ordinary access line.
      if (res.statusCode === 503) return 'info';
      if (error || res.statusCode >= 500) return 'error';
      return PROBES.test(redactPath(req.url)) ? 'debug' : 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${redactPath(req.url)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${redactPath(req.url)} ${res.statusCode}`,
    // pino-http's own "failed with status code 500" error is noise: HttpErrorFilter logs the real one.
    customErrorObject: (_req, _res, _error, value: Record<string, unknown>) => ({ res: value['res'], responseTime: value['responseTime'] }),
  };
}
