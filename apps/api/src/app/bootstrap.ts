import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { DataSource } from 'typeorm';
import { AppModule, AppOptions } from './app.module';
import { frameworkErrorReply, HttpErrorFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { migrateDatabase } from './database/runtime';
import { loadLicensedTexts } from './instruments/licensed-text.loader';
import { acceptCsvBodies } from './patients/csv-body';
import { createLogger, loggerParams, StrideLogger } from './logging/logger';
import { logRequests, requestIdFrom } from './logging/http-log';

/**
 * The one Content-Security-Policy, for the portal, the survey, the API and its OpenAPI page alike
 * (DESIGN.md, "Privacy at the edges"). Scripts come only from our own files: no inline script, no
 * eval. Styles allow 'unsafe-inline' because Angular writes each component's styles into a
 * <style> element at run time (Swagger UI does the same); a style cannot run code. No page may be
 * framed, so a survey link cannot be wrapped in another site's page.
 */
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * Angular names every built script and stylesheet after its content (main-4XJ2ZK7P.js,
 * chunk-LZUW64A7.js, styles-VA7NSC4J.css): a new build never reuses a name, so a browser may keep
 * these for a year without asking again. index.html is the one file that must be checked each time.
 */
const HASHED_ASSET = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

/** A patient's survey page, /s/<token>; a token is base64url. */
const SURVEY_PAGE = /^\/s\/([A-Za-z0-9_-]{16,128})$/;

/** `Link` preloads of a built page's stylesheets and module scripts. */
export function assetPreloads(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*\btype="module"/g)].map((m) => `</${m[1]}>; rel=modulepreload`);
  const styles = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((m) => `</${m[1]}>; rel=preload; as=style`);
  return [...styles, ...scripts];
}

/**
 * Builds the whole product on one Fastify server: the API under /api, its OpenAPI document at
 * /api/docs, and the built portal (with the patient survey) for every other path.
 * main.ts, the CLI and the integration tests all start the app through here.
 */
export async function createApp(options: AppOptions): Promise<NestFastifyApplication> {
  // Checked before anything starts: a bad licensed-text file stops the server with a message.
  loadLicensedTexts(options.config.licensedTextDir);
  const adapter = new FastifyAdapter({
    trustProxy: options.config.trustProxy,
    bodyLimit: 256 * 1024,
    frameworkErrors: frameworkErrorReply,
    // Every request's id: the client's X-Request-Id when well-formed, else a new UUID (http-log.ts).
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) => requestIdFrom(request.headers['x-request-id']),
  });
  const logger = options.logger ?? createLogger(options.config.logLevel);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ ...options, logger }), adapter, {
    logger: new StrideLogger(loggerParams(logger)),
    abortOnError: false,
  });
  // Usually main.ts (or a test's template) has migrated already. Migrations may run long, so pending
  // ones never run on the app's pool, whose statements are timed, but on a pool of their own.
  if (await app.get(DataSource).showMigrations()) await migrateDatabase({ url: options.databaseUrl, migrationUrl: options.databaseUrl });

  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());

  // Security headers on every response, errors and 404s included: helmet sets them as a request
  // arrives. Its other defaults stand (nosniff, no-referrer, same-origin opener and resource
  // policies); HSTS leaves the clinic's other subdomains alone.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  });

  const fastify = app.getHttpAdapter().getInstance();
  acceptCsvBodies(fastify);
  logRequests(fastify, logger);
  fastify.addHook('onSend', async (request, reply, payload) => {
    // Survey links carry a secret: keep them out of Referer headers and caches.
    if (request.url.startsWith('/api/public/') || request.url.startsWith('/s/')) {
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cache-control', 'no-store');
    } else if (request.url.startsWith('/api/')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('Stride API').setVersion('1').addBearerAuth().build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/json' });

  const portalDir = options.config.portalDir;
  if (portalDir) {
    // Registered for reply.sendFile only; the route below decides what each path gets. The build
    // writes NAME.br and NAME.gz beside each text file (tools/scripts/portal-postbuild.mjs); the
    // brotli one goes to browsers that accept it, else the gzip one, with Vary: Accept-Encoding.
    await app.register(fastifyStatic, { root: portalDir, serve: false, preCompressed: true, cacheControl: false });
    // The patient survey's own small app (apps/portal/src/survey-main.ts, copied beside the portal
    // by tools/scripts/portal-postbuild.mjs): no router, nothing of the clinician portal.
    const surveyHtml = existsSync(join(portalDir, 'survey.html')) ? 'survey.html' : 'index.html';
    const surveyAssets = existsSync(join(portalDir, surveyHtml)) ? assetPreloads(readFileSync(join(portalDir, surveyHtml), 'utf8')) : [];
    fastify.get('/*', (request, reply) => {
      let path: string;
      try {
        path = decodeURIComponent(request.url.split('?')[0]);
      } catch {
        return reply.status(400).type('text/plain').send('Bad request');
      }
      if (path === '/api' || path.startsWith('/api/')) {
        return reply.status(404).send({ statusCode: 404, code: 'NOT_FOUND', message: 'Not found' });
      }
      // A file name (main-X.js, styles.css, favicon.ico) is served if it exists, else 404: an old
      // tab asking for a script from before a deploy must not get index.html back as JavaScript.
      const file = path.slice(1);
      if (/\.[A-Za-z0-9]+$/.test(file)) {
        if (file.includes('..') || !existsSync(join(portalDir, file))) {
          return reply.status(404).type('text/plain').send('Not found');
        }
        return reply.header('cache-control', HASHED_ASSET.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(file);
      }
      // Every other path is a page of the single-page portal, or under /s/ of the survey app. On a
      // slow phone line each round trip costs the patient 400 ms or more: the headers of a survey
      // page already name its script, stylesheet and questions, so the phone fetches all three while
      // the page itself is still arriving (the page's own GET then takes the preloaded answer).
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache');
      if (path.startsWith('/s/')) {
        const token = SURVEY_PAGE.exec(path)?.[1];
        const questions = token ? [`</api/public/surveys/${token}>; rel=preload; as=fetch; crossorigin`] : [];
        if (surveyAssets.length + questions.length > 0) reply.header('link', [...surveyAssets, ...questions].join(', '));
        return reply.sendFile(surveyHtml);
      }
      return reply.sendFile('index.html');
    });
  }
  await app.init();
  return app;
}
