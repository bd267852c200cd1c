// store 3.2.1's ESM build does `import { WeakEvent } from 'weak-event'`, a CommonJS package
// whose named export Node cannot detect (Verdant's own tests run under vitest, which
// interoperates). This re-exports the same object by name; loader.mjs routes the store's
// import here. No behaviour changes: it is the package's own WeakEvent.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
export const { WeakEvent } = require('weak-event');
export default require('weak-event');
