// @stride/outcomes: instruments, scoring, versioned definitions and statistics. Pure TypeScript, no I/O.

export * from './instruments/items';
export * from './instruments/odi';
export * from './instruments/zcq';
export * from './instruments/licensed-text';
export * from './definitions/types';
export * from './definitions/success';
export * from './definitions/success-v2';
export * from './definitions/satisfied';
export * from './definitions/registry';
export * from './alerts/alert-rule';
export * from './stats/proportion';
export * from './stats/mean';
export * from './stats/funnel-limits';
export * from './stats/funnel-overdispersion';
export * from './stats/funnel';
export * from './stats/funnel-curve';
export * from './stats/benchmark-sentence';
export * from './stats/logistic';
export * from './stats/casemix-interval';
export * from './stats/casemix';
export * from './summary';
