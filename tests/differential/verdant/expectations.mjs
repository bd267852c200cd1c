// What each row must show on store 3.2.1 + server 2.1.2, and why (docs/differential.md has the
// table). Each check is a statement about the real code's behaviour reasoned from its source;
// the harness fails (exit 1) when the real run disagrees, e.g. after a version change.
// A check returns the list of problems (empty = as expected).
// A phase or replica the run does not have reads as empty, so a check reports, never throws.
import { replica, visible, stored, note, resets, logged, same, expect, mixedResetHidesTheV1Note } from './checks.mjs';

function upgradeOfflineOutcome(r) {
  const p = [];
  expect(p, resets(r, 'c1').length === 0, 'c1 should not be told to overwrite its data');
  for (const rep of ['c1', 'c2', 'server']) {
    expect(p, same(visible(r, 0, rep), ['n2.1', 'root']), `${rep} should show root and n2.1`);
  }
  expect(p, note(r, 0, 'server', 'n2.1')?.priority === 3, "c1's migration of n2.1 should reach the server");
  expect(p, r.phases[0].converged, 'the trees should converge');
  return p;
}

export const expectations = {
  // Entity.js validates every document against the client's schema when it is read and hides
  // an invalid one (`view` null, dropped from queries); nothing migrates a received operation
  // (migrations run only in openDocumentDatabase, at startup). The operations are stored.
  receipt(r) {
    const p = [];
    expect(p, same(visible(r, 0, 'c1'), ['root']), 'c1 (v2) should show only the root: n2.1 lacks priority');
    expect(p, stored(r, 0, 'c1').includes('n2.1'), "c1 should still store n2.1's data (hidden, not gone)");
    expect(p, same(replica(r, 0, 'c1').dangling, ['root->n2.1']), "c1's root should still list n2.1");
    expect(p, same(visible(r, 0, 'c2'), ['n2.1', 'root']), 'c2 (v1) should show both notes');
    expect(p, note(r, 0, 'server', 'n2.1')?.priority === undefined, 'nobody should have migrated n2.1');
    expect(p, resets(r, 'c1').length === 0, 'c1 should never be told to reset');
    return p;
  },
  // Frames read separately (world.mjs): c1's presence update refreshes its last-seen time
  // before its sync request is handled, so server 2.1.2 misses the truancy; no reset. n2.1 is
  // hidden on c1 (v1 data) until c2 migrates it; then every replica converges.
  'truant-old-peer'(r) {
    const p = [];
    expect(p, resets(r, 'c1').length === 0, 'c1 should not be reset (truancy missed)');
    expect(p, same(visible(r, 0, 'c1'), ['root']), 'c1 should show the root only');
    expect(p, same(visible(r, 1, 'c1'), ['n2.1', 'root']), 'after c2 migrates, c1 should show n2.1');
    expect(p, r.phases[1]?.converged, 'the trees should converge after c2 migrates');
    return p;
  },
  // ServerLibrary.handleSync: a truant replica gets `overwriteLocalData` with the operations
  // after its last acknowledged server order (not the whole history) and the baselines (none:
  // nothing was rebased); the client replaces its data with them, so the root loses the
  // operation that created its children list and stops validating. n2.1 is v1 data: hidden.
  // When c2 migrates n2.1 to v2, its operations reach c1 and n2.1 shows again, under nothing.
  'truant-old-peer-coalesced'(r) {
    const p = [];
    const [reset] = resets(r, 'c1');
    expect(p, resets(r, 'c1').length === 1 && reset.t_ms === 123000, 'c1 should be reset once, at 123 s');
    expect(p, reset?.baselines === 0, 'the reset should carry no baselines');
    expect(p, reset && !reset.detail.includes('initialize notes/root.children v1'),
      "the reset should lack the root's children-list creation (acked by c1 before)");
    expect(p, same(visible(r, 0, 'c1'), []), 'c1 should show no note after the reset');
    expect(p, stored(r, 0, 'c1').includes('n2.1'), "c1 should still store n2.1's data");
    expect(p, same(visible(r, 1, 'c1'), ['n2.1']), 'after c2 migrates, c1 should show n2.1 alone');
    expect(p, same(replica(r, 1, 'c1').orphans, ['n2.1']), 'n2.1 should be an orphan on c1');
    expect(p, note(r, 1, 'c1', 'n2.1')?.priority === 3, "c1's n2.1 should carry c2's migrated priority");
    expect(p, same(visible(r, 1, 'server'), ['n2.1', 'root']), 'the server should hold both notes');
    expect(p, r.phases[1]?.converged === false, 'c1 should stay diverged');
    return p;
  },
  // Truancy missed (as in truant-old-peer): c1's unsent migration is uploaded, all converge.
  'upgrade-offline-truant'(r) {
    const p = [];
    expect(p, r.server_log.some((l) => /^t=122500 Sync from .*status: existing/.test(l)),
      'the server should log c1 as existing at 122.5 s');
    return [...p, ...upgradeOfflineOutcome(r)];
  },
  // Truancy detected, but c1 had acknowledged every operation (server order 5): handleSync
  // then counts the library as "empty" for c1 (no operations, no baselines since) and does not
  // overwrite; c1's sync request is stored as usual. Same outcome as without the truancy.
  'upgrade-offline-truant-coalesced'(r) {
    const p = [];
    expect(p, r.server_log.some((l) => /^t=122500 Sync from .*status: truant/.test(l)),
      'the server should log c1 as truant at 122.5 s');
    return [...p, ...upgradeOfflineOutcome(r)];
  },
  // Truancy missed: c1's offline insert is uploaded, not forfeit.
  'unsent-writes'(r) {
    const p = [];
    expect(p, resets(r, 'c1').length === 0, 'c1 should not be reset (truancy missed)');
    for (const rep of ['c1', 'c2', 'server']) {
      expect(p, same(note(r, 0, rep, 'root')?.children, ['n1.1', 'n2.1']), `${rep}: root -> n1.1, n2.1`);
    }
    expect(p, r.phases[0].converged, 'the trees should converge');
    return p;
  },
  // Truancy detected with something to send: the server does not store the operations of the
  // sync request it answers with `overwriteLocalData`, and the client drops its outgoing queue
  // (WebSocketSync: "Overwriting local data - dropping outgoing message queue"): n1.1 is gone.
  'unsent-writes-coalesced'(r) {
    const p = [];
    expect(p, resets(r, 'c1').length === 1, 'c1 should be reset once');
    for (const rep of ['c1', 'c2', 'server']) {
      expect(p, same(visible(r, 0, rep), ['n2.1', 'root']), `${rep} should show root and n2.1 only`);
    }
    expect(p, !stored(r, 0, 'c1').includes('n1.1'), 'c1 should no longer store n1.1');
    expect(p, r.phases[0].converged, 'the trees should converge (without n1.1)');
    return p;
  },
  // A new replica is reset to everything (status 'new'); its v2 schema hides the v1 data, and
  // the reset does not migrate it (store 3.2.1 predates the fix of 3.12.0).
  'new-replica'(r) {
    const p = [];
    expect(p, resets(r, 'c3').length === 1, 'c3 should be reset once');
    expect(p, same(resets(r, 'c3')[0]?.versions, [1]), 'the reset should carry v1 operations only');
    expect(p, same(visible(r, 0, 'c3'), []), 'c3 should show no note');
    expect(p, same(stored(r, 0, 'c3'), ['n2.1', 'root']), 'c3 should store root and n2.1');
    expect(p, same(visible(r, 1, 'c3'), []), 'c3 should still show nothing after c2 writes');
    expect(p, same(visible(r, 1, 'server'), ['n2.1', 'n2.2', 'root']), 'the server should hold all');
    return p;
  },
  // c1's migration of the root is a v2 operation; store 3.2.1 migrates nothing at a reset
  // (migrations run only in openDocumentDatabase), so c3 hides n2.1 whatever the mix.
  'mixed-reset': mixedResetHidesTheV1Note,
  // ServerLibrary.receive (2.1.2) refreshes last-seen after every message, heartbeats
  // included: c1, online and beating, is `existing` when it reconnects after its 1 s outage,
  // catches up on n2.2 and every replica converges (the model's truancy, by offline time, agrees).
  'silent-online'(r) {
    const p = [];
    expect(p, logged(r, /^t=122000 Sync from c1 .*status: existing/), 'the server should log c1 existing at 122 s');
    expect(p, resets(r, 'c1').length === 0, 'c1 should not be reset');
    for (const rep of ['c1', 'c2', 'server']) {
      expect(p, same(visible(r, 0, rep), ['n2.1', 'n2.2', 'root']), `${rep} should show root, n2.1 and n2.2`);
    }
    expect(p, r.phases[0]?.converged, 'the trees should converge');
    return p;
  },
};
