// What each row must show on store 5.5.0 + server 4.2.5 (a-type/verdant 51f18252), and why,
// reasoned from that tree's source (docs/differential.md, "The rows on store 5.5.0"), written
// before the first run. The D4 checks (what a truant reset lacks) also depend on what the
// server had rebased by then; two runs gave the same, byte for byte. Same helpers and
// conventions as expectations.mjs.
import { replica, visible, stored, note, resets, logged, same, expect, mixedResetHidesTheV1Note } from './checks.mjs';

// Library.handleMessage (4.2.5) skips `updateLastSeen` for presence updates, so the sync
// request of a returning device sees its real last-seen time however the frames were read:
// both wire variants of a raced row must give the same checks.
function truantOldPeer(r) {
  const p = [];
  expect(p, logged(r, /^t=123000 Sync from c1 .*status: truant/), 'the server should log c1 truant at 123 s');
  // c2's n2.1 came after c1's last acknowledged server order, so the truant reset is not
  // overridden (Library.handleSync, allowThisTruantReplicaToSync stays false)
  expect(p, resets(r, 'c1').length === 1 && resets(r, 'c1')[0].t_ms === 123000, 'c1 should be reset once, at 123 s');
  // D4: only what follows c1's acknowledged server order, so not root's creation; all of it v1,
  // so Client.addData imports and migrates it: c1 holds n2.1 (priority 3) and no valid root
  const [reset] = resets(r, 'c1');
  expect(p, reset && !reset.detail.includes('initialize notes/root v1'), "the reset should lack root's creation");
  expect(p, same(reset?.versions, [1]), 'the reset should carry v1 operations only');
  expect(p, same(visible(r, 0, 'c1'), ['n2.1']) && same(replica(r, 0, 'c1').orphans, ['n2.1']),
    'c1 should show n2.1 alone, an orphan');
  expect(p, note(r, 0, 'c1', 'n2.1')?.priority === 3, "c1's n2.1 should be migrated by the reset's import");
  expect(p, same(visible(r, 1, 'server'), ['n2.1', 'root']), 'the server should hold both notes');
  expect(p, same(visible(r, 1, 'c1'), ['n2.1']) && r.phases[1]?.converged === false, 'c1 should stay without root');
  return p;
}

function upgradeOffline(r) {
  const p = [];
  expect(p, logged(r, /^t=122500 Sync from c1 .*status: truant/), 'the server should log c1 truant at 122.5 s');
  // c1 had acknowledged every operation before going offline: handleSync lets it sync
  // ("Overriding truant reset"), stores its sync request (the migration) and does not overwrite
  expect(p, logged(r, /Overriding truant reset/), 'the server should override the truant reset');
  expect(p, resets(r, 'c1').length === 0, 'c1 should not be told to overwrite its data');
  for (const rep of ['c1', 'c2', 'server']) {
    expect(p, same(visible(r, 0, rep), ['n2.1', 'root']), `${rep} should show root and n2.1`);
  }
  expect(p, note(r, 0, 'server', 'n2.1')?.priority === 3, "c1's migration of n2.1 should reach the server");
  return p;
}

function unsentWrites(r) {
  const p = [];
  expect(p, logged(r, /^t=122000 Sync from c1 .*status: truant/), 'the server should log c1 truant at 122 s');
  expect(p, resets(r, 'c1').length === 1, 'c1 should be reset once');
  // handleSync stores nothing of a sync request it answers with an overwrite; WebSocketSync
  // drops the outgoing queue ("Overwriting local data - dropping outgoing message queue")
  for (const rep of ['c1', 'c2', 'server']) {
    expect(p, !visible(r, 0, rep).includes('n1.1'), `${rep} should not show n1.1 (forfeit)`);
  }
  expect(p, !stored(r, 0, 'c1').includes('n1.1'), 'c1 should no longer store n1.1');
  // D4 again: the reset lacks root's creation (acknowledged by c1 before it went offline)
  expect(p, same(visible(r, 0, 'c1'), ['n2.1']) && same(replica(r, 0, 'c1').orphans, ['n2.1']),
    'c1 should show n2.1 alone, an orphan');
  expect(p, same(visible(r, 0, 'server'), ['n2.1', 'root']) && r.phases[0].converged === false,
    'the server should hold root and n2.1, c1 should differ');
  return p;
}

export const expectations = {
  // Unchanged since 3.2: op-re data goes to EntityStore.addData as it is (no migration on
  // receipt; Client.addData migrates only reset data); Entity.viewData validates at read and an
  // invalid document reads as deleted, so c1 (v2) hides n2.1 and keeps its data.
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
  'truant-old-peer': truantOldPeer,
  'truant-old-peer-coalesced': truantOldPeer,
  'upgrade-offline-truant': upgradeOffline,
  'upgrade-offline-truant-coalesced': upgradeOffline,
  'unsent-writes': unsentWrites,
  'unsent-writes-coalesced': unsentWrites,
  // A new replica is reset to every operation (acked server order 0), all written at v1:
  // Client.addData sees reset data whose newest version (getLatestVersion) is below its schema
  // and imports it as v1 data, then migrates it up (the 3.12.0 fix): c3 shows the tree with
  // priority 3. c2's later v1 insert arrives as op-re, unmigrated: hidden on c3 (dangling link).
  'new-replica'(r) {
    const p = [];
    expect(p, resets(r, 'c3').length === 1, 'c3 should be reset once');
    expect(p, same(resets(r, 'c3')[0]?.versions, [1]), 'the reset should carry v1 operations only');
    expect(p, same(visible(r, 0, 'c3'), ['n2.1', 'root']), 'c3 should show root and n2.1, migrated up');
    expect(p, note(r, 0, 'c3', 'n2.1')?.priority === 3, "c3's n2.1 should carry the migration's priority");
    expect(p, same(replica(r, 0, 'c3').orphans, []), 'no note should be an orphan on c3');
    // the import's migration is written locally only (importPersistence), never sent
    expect(p, note(r, 0, 'server', 'n2.1')?.priority === undefined, "c3's migration should not reach the server");
    expect(p, same(visible(r, 1, 'c3'), ['n2.1', 'root']), 'c3 should not show n2.2 (v1 data, received)');
    expect(p, stored(r, 1, 'c3').includes('n2.2'), "c3 should store n2.2's data (hidden, not gone)");
    expect(p, same(replica(r, 1, 'c3').dangling, ['root->n2.2']), "c3's root should list n2.2 (dangling)");
    return p;
  },
  // D7: Client.addData takes getLatestVersion over the whole reset (c1's v2 migration of the
  // root is in it), which equals c3's schema version, so nothing is imported and migrated:
  // n2.1 stays v1 data and Entity.viewData hides it, although it is older than c3's schema.
  'mixed-reset': mixedResetHidesTheV1Note,
  // D8: Library.handleMessage (4.2.5) returns before updateLastSeen for a heartbeat, and a cut
  // connection sends no `disconnecting`: c1's last-seen is its ack of n2.1 (1 s), so its sync
  // request after a 1 s outage finds it truant, and as n2.2 came after its acknowledged server
  // order the reset is not overridden. What the reset leaves on c1 was recorded from two runs
  // (byte-identical): the baselines of every note and root's list, yet c1 logs "Child entity
  // is missing for non-nullable field notes/root key: children" and shows no root: n2.1 and
  // n2.2 are orphans there, for good (nobody writes root again).
  'silent-online'(r) {
    const p = [];
    expect(p, logged(r, /^t=122000 Sync from c1 .*status: truant/), 'the server should log c1 truant at 122 s');
    expect(p, resets(r, 'c1').length === 1 && resets(r, 'c1')[0].t_ms === 122000, 'c1 should be reset once, at 122 s');
    expect(p, same(visible(r, 0, 'c1'), ['n2.1', 'n2.2']) && same(replica(r, 0, 'c1').orphans, ['n2.1', 'n2.2']),
      'c1 should show n2.1 and n2.2 as orphans, without root');
    expect(p, stored(r, 0, 'c1').includes('root'), "c1 should still store root's data");
    expect(p, same(visible(r, 0, 'server'), ['n2.1', 'n2.2', 'root']) && r.phases[0]?.converged === false,
      'the server should hold all three notes, c1 should differ');
    return p;
  },
};
