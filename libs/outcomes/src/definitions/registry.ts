import type { Answers, DefinitionRef } from '@stride/contracts';
import { SATISFIED_V1 } from './satisfied';
import { SUCCESS_V1 } from './success';
import { SUCCESS_V2 } from './success-v2';
import type { OutcomeDefinition } from './types';

// Every figure and export names the definition version it used (DESIGN.md, "Definitions"), so old
// versions stay resolvable forever. A new rule is a new version in its own file (success-v2.ts; never
// edit SUCCESS_V1), registered here; CURRENT_DEFINITIONS says which one new figures use. Rows already
// exported as "success-v1" stay reproducible with getDefinition('success', 'v1').

/** Definitions keyed by name, then version: DEFINITIONS.success.v1. */
export type DefinitionRegistry = Readonly<Record<string, Readonly<Record<string, OutcomeDefinition>>>>;

export class UnknownDefinitionError extends Error {
  constructor(
    readonly definitionName: string,
    readonly version: string,
  ) {
    super(`Unknown outcome definition ${definitionName}-${version}`);
    this.name = 'UnknownDefinitionError';
  }
}

/**
 * Returns a new registry with one more definition; the original is untouched.
 * @throws Error when that name and version already exist: a published version is immutable.
 */
export function registerDefinition(registry: DefinitionRegistry, definition: OutcomeDefinition): DefinitionRegistry {
  const versions = Object.hasOwn(registry, definition.name) ? registry[definition.name] : {};
  if (Object.hasOwn(versions, definition.version)) {
    throw new Error(`${definition.name}-${definition.version} is already registered; a new rule needs a new version`);
  }
  return Object.freeze({
    ...registry,
    [definition.name]: Object.freeze({ ...versions, [definition.version]: definition }),
  });
}

export const DEFINITIONS: DefinitionRegistry = [SUCCESS_V1, SUCCESS_V2, SATISFIED_V1].reduce(
  registerDefinition,
  Object.freeze({}) as DefinitionRegistry,
);

/** @throws UnknownDefinitionError when the registry has no such name and version. */
export function getDefinition(name: string, version: string, registry: DefinitionRegistry = DEFINITIONS): OutcomeDefinition {
  const versions = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (!versions || !Object.hasOwn(versions, version)) {
    throw new UnknownDefinitionError(name, version);
  }
  return versions[version];
}

export interface CurrentDefinitions {
  success: OutcomeDefinition;
  satisfied: OutcomeDefinition;
}

/** The versions the dashboard and exports use unless asked for another (success v1 stays selectable). */
export const CURRENT_DEFINITIONS: Readonly<CurrentDefinitions> = Object.freeze({
  success: SUCCESS_V2,
  satisfied: SATISFIED_V1,
});

/** The plain contract shape (name, version, description) for API responses. */
export function toDefinitionRef(definition: OutcomeDefinition): DefinitionRef {
  return { name: definition.name, version: definition.version, description: definition.description };
}

/** The value of the exports' definition_version column, e.g. "success-v2;satisfied-v1". */
export function definitionVersionLabel(current: CurrentDefinitions = CURRENT_DEFINITIONS): string {
  return [current.success, current.satisfied].map((d) => `${d.name}-${d.version}`).join(';');
}

/** Success under the given version: true, false, or null when not evaluable (e.g. no baseline). */
export function evaluateSuccess(
  baseline: Answers | null | undefined,
  followUp: Answers,
  version: string = CURRENT_DEFINITIONS.success.version,
): boolean | null {
  return getDefinition('success', version).evaluate({ baseline, followUp });
}

/** Satisfied under the given version: true, false, or null when satisfaction was not answered. */
export function evaluateSatisfied(followUp: Answers, version: string = CURRENT_DEFINITIONS.satisfied.version): boolean | null {
  return getDefinition('satisfied', version).evaluate({ followUp });
}
