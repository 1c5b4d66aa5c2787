import { ConsoleLogger } from '@nestjs/common';

/** Nest's start-up chatter (every module and route) buries the lines a person needs after `npm start`. */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

export class QuietLogger extends ConsoleLogger {
  override log(message: unknown, context?: string): void {
    if (context && STARTUP_CONTEXTS.has(context)) return;
    super.log(message, context);
  }
}
