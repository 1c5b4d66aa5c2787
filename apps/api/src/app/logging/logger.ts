import { RequestMethod } from '@nestjs/common';
import pino, { DestinationStream, Logger as Pino } from 'pino';
import { Logger as PinoNestLogger, Params, PinoLogger } from 'nestjs-pino';
import type { LogLevel } from '../config/app-config';
import { REQUEST_ID_KEY } from './http-log';

/** How much log output may wait for a stalled reader of stdout before lines are dropped. */
const LOG_BUFFER_LIMIT = 16 * 1024 * 1024;

/**
 * The process's one logger: JSON lines on stdout (or the given stream), level names instead of
 * numbers, ISO times. Authorization and cookie headers are censored wherever a header set ends up
 * in a line; request lines never carry headers at all (http-log.ts).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Pino {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    // Asynchronous: a line is handed to the kernel off the event loop, and lines written meanwhile
    // go out together. Node writes to a pipe synchronously, so a synchronous logger stalls every
    // request whenever the reader of stdout (a container runtime, a terminal) falls behind: the
    // submit benchmark spent a quarter of the API's time blocked in those writes. pino flushes what
    // is left synchronously when the process exits (process.exit included, so the one fatal line
    // of a failed start gets out); a SIGKILL loses what is still buffered. If the reader stops
    // altogether, at most LOG_BUFFER_LIMIT characters wait in memory and later lines are dropped.
    destination ?? pino.destination({ dest: 1, sync: false, maxLength: LOG_BUFFER_LIMIT }),
  );
}

/**
 * nestjs-pino's parameters: its middleware binds each API request's logger (with the request id)
 * to what the app logs while handling it; the request line itself comes from logRequests().
 */
export function loggerParams(root: Pino): Params {
  return {
    pinoHttp: { logger: root, autoLogging: false, quietReqLogger: true, customAttributeKeys: { reqId: REQUEST_ID_KEY } },
    // nestjs-pino 4's default route '*' is Nest 10 syntax: Nest 11 warns at every start and converts it.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  };
}

/** Nest's start-up chatter (every module and route it maps) buries the lines a person needs: debug only. */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** The Nest LoggerService over pino: `new Logger('Dispatcher')` anywhere in the app writes through it. */
export class StrideLogger extends PinoNestLogger {
  constructor(params: Params) {
    super(new PinoLogger(params), params);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) return super.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }
}
