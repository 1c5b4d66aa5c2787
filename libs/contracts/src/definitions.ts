/**
 * The success definitions a figure or export may be asked for (`definition=` on the summary,
 * funnel, case mix and export). success-v2 is the default; success-v1 stays selectable so earlier
 * figures can be reproduced. Every answer names the one it used.
 */
export const SUCCESS_DEFINITIONS = ['success-v1', 'success-v2'] as const;
export type SuccessDefinition = (typeof SUCCESS_DEFINITIONS)[number];
export const DEFAULT_SUCCESS_DEFINITION: SuccessDefinition = 'success-v2';
