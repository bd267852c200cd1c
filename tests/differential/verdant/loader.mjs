// Node module hooks for the harness (registered by harness.mjs): CommonJS packages that
// Verdant's ESM builds import by name are routed to shims/ (see each shim for why). The shim
// is told which copy of the package the importer would have loaded (`?real=`): the npm store
// 3.2.1 and the store 5.5.0 built from source each keep their own.
const shims = new Set(['weak-event']);
export async function resolve(specifier, context, next) {
  if (shims.has(specifier) && !context.parentURL?.includes('/shims/')) {
    const real = await next(specifier, context);
    const url = new URL(`./shims/${specifier}.mjs`, import.meta.url);
    url.searchParams.set('real', real.url);
    return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}
