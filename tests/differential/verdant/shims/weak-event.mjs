// store 3.2.1's and 5.5.0's ESM builds do `import { WeakEvent } from 'weak-event'`, a CommonJS
// package whose named export Node cannot detect (Verdant's own tests run under vitest, which
// interoperates). This re-exports the same object by name; loader.mjs routes the store's
// import here, with the file the store would have loaded in `?real=`. No behaviour changes: it
// is the package's own WeakEvent.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const real = new URL(import.meta.url).searchParams.get('real');
const require = createRequire(real);
export const { WeakEvent } = require(fileURLToPath(real));
export default require(fileURLToPath(real));
