import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';

/** One route of the running Nest app, with what its handler reads from the request. */
export interface DiscoveredRoute {
  method: string;
  /** Full path with the global prefix, e.g. `/api/patients/:id/surgeries`. */
  path: string;
  /** The first segment after /api: which id pool its `:id` comes from. */
  area: string;
  pathParams: string[];
  /** Field names of the @Body() DTO (empty when the handler reads no body). */
  bodyFields: string[];
  /** Query parameter names (from a @Query() DTO or single @Query('name') arguments). */
  queryFields: string[];
  readsBody: boolean;
}

const METHOD_NAMES: Record<number, string> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.PATCH]: 'PATCH',
  [RequestMethod.DELETE]: 'DELETE',
};

function fieldsOf(type: unknown): string[] {
  if (typeof type !== 'function' || [String, Number, Boolean, Object, Array].includes(type as never)) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(type as new () => unknown, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

function join(...parts: string[]): string {
  return '/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
}

/**
 * Every route the Nest app serves, read from its controllers' metadata (the same metadata Nest
 * registers routes from), so a route added later is fuzzed without anyone listing it here.
 */
export function discoverRoutes(app: INestApplication, prefix = 'api'): DiscoveredRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const routes: DiscoveredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const { metatype, instance } = wrapper;
    if (!metatype || !instance) continue;
    const controllerPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
    const prototype = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const methodPaths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as number | undefined;
      if (methodPaths === undefined || method === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<string, { index: number; data?: unknown }>;
      const types = (Reflect.getMetadata('design:paramtypes', prototype, name) ?? []) as unknown[];
      const bodyFields: string[] = [];
      const queryFields: string[] = [];
      let readsBody = false;
      for (const [key, arg] of Object.entries(args)) {
        const kind = Number(key.split(':')[0]);
        if (kind === RouteParamtypes.BODY) {
          readsBody = true;
          if (typeof arg.data === 'string') bodyFields.push(arg.data);
          else bodyFields.push(...fieldsOf(types[arg.index]));
        } else if (kind === RouteParamtypes.QUERY) {
          if (typeof arg.data === 'string') queryFields.push(arg.data);
          else queryFields.push(...fieldsOf(types[arg.index]));
        }
      }
      for (const controllerPath of controllerPaths) {
        for (const methodPath of ([] as string[]).concat(methodPaths)) {
          const path = join(prefix, controllerPath, methodPath);
          routes.push({
            method: METHOD_NAMES[method] ?? 'GET',
            path,
            area: path.split('/')[2] ?? '',
            pathParams: [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]),
            bodyFields,
            queryFields,
            readsBody,
          });
        }
      }
    }
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}
