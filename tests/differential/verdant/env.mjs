// The browser globals Verdant's store reads, as its own test setup provides them
// (a-type/verdant test/setup/indexedDB.ts, under vitest's jsdom): IndexedDB from
// fake-indexeddb, `window.IDBKeyRange` etc. Here `window` is the Node global object: no DOM
// is needed, and the store's only other `window` use (BroadcastChannel) is switched off.
import 'fake-indexeddb/auto';
globalThis.window = globalThis;
// Page lifecycle listeners (Heartbeat's 'pageshow'): a target that never fires, as a page that
// stays shown.
const pageEvents = new EventTarget();
globalThis.addEventListener = pageEvents.addEventListener.bind(pageEvents);
globalThis.removeEventListener = pageEvents.removeEventListener.bind(pageEvents);
globalThis.document = {
  visibilityState: 'visible',
  addEventListener: globalThis.addEventListener,
  removeEventListener: globalThis.removeEventListener,
};
