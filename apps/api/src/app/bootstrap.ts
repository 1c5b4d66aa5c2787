import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { LogLevel } from '@nestjs/common';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppModule, AppOptions } from './app.module';
import { HttpErrorFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { migrate } from './database/data-source';
import { loadLicensedTexts } from './instruments/licensed-text.loader';
import { QuietLogger } from './common/quiet-logger';

/**
 * Builds the whole product on one Fastify server: the API under /api, its OpenAPI document at
 * /api/docs, and the built portal (with the patient survey) for every other path.
 * main.ts, the CLI and the integration tests all start the app through here.
 */
export async function createApp(options: AppOptions & { logger?: LogLevel[] | false }): Promise<NestFastifyApplication> {
  // Checked before anything starts: a bad licensed-text file stops the server with a message.
  loadLicensedTexts(options.config.licensedTextDir);
  const adapter = new FastifyAdapter({ trustProxy: options.config.trustProxy, bodyLimit: 256 * 1024 });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    logger: options.logger ?? new QuietLogger(),
    abortOnError: false,
  });
  await migrate(app.get(DataSource));

  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());

  const fastify = app.getHttpAdapter().getInstance();
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
    // Registered for reply.sendFile only; the route below decides what each path gets.
    await app.register(fastifyStatic, { root: portalDir, serve: false });
    fastify.get('/*', (request, reply) => {
      let path: string;
      try {
        path = decodeURIComponent(request.url.split('?')[0]);
      } catch {
        return reply.status(400).type('text/plain').send('Bad request');
      }
      if (path === '/api' || path.startsWith('/api/')) {
        return reply.status(404).send({ statusCode: 404, message: 'Not found' });
      }
      // A file name (main-X.js, styles.css, favicon.ico) is served if it exists, else 404: an old
      // tab asking for a script from before a deploy must not get index.html back as JavaScript.
      const file = path.slice(1);
      if (/\.[A-Za-z0-9]+$/.test(file)) {
        return existsSync(join(portalDir, file)) && !file.includes('..')
          ? reply.sendFile(file)
          : reply.status(404).type('text/plain').send('Not found');
      }
      // Every other path is a route of the single-page portal.
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').sendFile('index.html');
    });
  }
  await app.init();
  return app;
}
