// The harness's controllable wall clock. Verdant reads wall time only through `Date` (the
// store's hybrid logical clock, the server's truancy cutoff and last-seen stamps), so replacing
// `Date.now()` and `new Date()` before Verdant is imported makes every timestamp and every
// truancy decision a function of the scenario's steps. Timers (setTimeout, used by the fake
// IndexedDB, the websockets and Verdant's batching) stay real: the harness waits for
// quiescence between steps instead of racing them, so the order of events is the script's.
const RealDate = globalThis.Date;
export const EPOCH_MS = Date.UTC(2026, 0, 1); // fixed, so timestamps do not depend on the day
let nowMs = EPOCH_MS;

class ScenarioDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(nowMs);
    else super(...args);
  }
  static now() {
    return nowMs;
  }
}

export function installClock() {
  globalThis.Date = ScenarioDate;
}

/** Sets scenario time (milliseconds since the scenario started); never goes backwards. */
export function setScenarioTime(ms) {
  const target = EPOCH_MS + ms;
  if (target < nowMs) throw new Error(`clock: time ${ms} ms is before the current step`);
  nowMs = target;
}

export function scenarioTime() {
  return nowMs - EPOCH_MS;
}

/** Back to scenario time 0, for the next row run in the same process. */
export function resetClock() {
  nowMs = EPOCH_MS;
}
