/** Processing purposes every tenant has; plugins add their own through `purposes` in their definition. */
export const BASE_PURPOSES = ['necessary', 'analytics', 'personalisation', 'marketing'] as const;

/** Purposes allowed until the person objects (legitimate interest); every other one except 'necessary' is opt-in. */
export const OPT_OUT_PURPOSES: ReadonlySet<string> = new Set(['analytics', 'personalisation']);
