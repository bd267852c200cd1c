// The helpers every release's expectations use (expectations.mjs, expectations-5.5.mjs), and the
// checks two releases share. A phase or replica the run does not have reads as empty, so a
// check reports, never throws.
export const replica = (r, phase, name) => r.phases[phase]?.replicas[name] ?? { notes: {}, stored: [] };
export const visible = (r, phase, name) => Object.keys(replica(r, phase, name).notes).sort();
export const stored = (r, phase, name) => replica(r, phase, name).stored ?? [];
export const note = (r, phase, name, id) => replica(r, phase, name).notes[id];
export const resets = (r, device) => (r.server_sent[device] ?? []).filter((m) => m.overwriteLocalData);
export const logged = (r, re) => r.server_log.some((l) => re.test(l));
export const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export function expect(problems, ok, what) {
  if (!ok) problems.push(what);
}

/**
 * `mixed-reset`: a new replica on v2 reset to v1 and v2 data keeps the v1 note unmigrated and
 * hides it. Store 3.2.1 never migrates at a reset; 5.5.0 decides by the dataset's newest version
 * (D7). Each expectations file says why for its release.
 */
export function mixedResetHidesTheV1Note(r) {
  const p = [];
  const [reset] = resets(r, 'c3');
  expect(p, resets(r, 'c3').length === 1, 'c3 should be reset once');
  expect(p, same(reset?.versions, [1, 2]), "the reset should carry c1's v2 migration and v1 operations");
  expect(p, reset?.detail.some((d) => /^initialize notes\/n2\.1 v1$/.test(d)), "the reset should carry n2.1's v1 creation");
  expect(p, same(visible(r, 0, 'c3'), ['root']), 'c3 (v2) should show only the root: n2.1 is not migrated');
  expect(p, stored(r, 0, 'c3').includes('n2.1'), "c3 should store n2.1's data (hidden, not gone)");
  expect(p, same(replica(r, 0, 'c3').dangling, ['root->n2.1']), "c3's root should list n2.1 (dangling)");
  expect(p, note(r, 0, 'c3', 'root')?.priority === 3, "c3's root should carry c1's migration");
  expect(p, same(visible(r, 0, 'c2'), ['n2.1', 'root']), 'c2 (v1) should show both notes');
  expect(p, note(r, 0, 'server', 'n2.1')?.priority === undefined, 'nobody should have migrated n2.1');
  return p;
}
