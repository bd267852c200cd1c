// Node module hooks for the harness (registered by harness.mjs): CommonJS packages that
// Verdant's ESM builds import by name are routed to shims/ (see each shim for why).
const shims = new Set(['weak-event']);
export async function resolve(specifier, context, next) {
  if (shims.has(specifier) && !context.parentURL?.includes('/shims/')) {
    return { url: new URL(`./shims/${specifier}.mjs`, import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
