// The rows of the comparison: each a scenario on the real Verdant, the syncsim scenario file
// that states the same thing for the model (corpus/scenarios/verdant-diff-*.scn), and what the
// real code must show (checked by `harness.mjs --check`; why each holds: docs/differential.md).
// Times are scenario milliseconds on the harness clock (clock.mjs); the server's truancy window
// is 1 minute, so a device away 2 minutes is truant.
const AWAY_MS = 120000;

/** Two v1 devices on one library; c1 creates the root first (the empty library takes its history). */
async function twoDevices(w) {
  w.at(0);
  await w.open('c1', 1);
  await w.online('c1');
  await w.createRoot('c1');
  await w.open('c2', 1);
  await w.online('c2');
}

export const rows = {
  // An old peer's operations arriving live at an upgraded client: migrated on receipt, pruned,
  // or shown as they are?
  'receipt': {
    scenario: 'corpus/scenarios/verdant-diff-receipt.scn',
    async run(w, phase) {
      await twoDevices(w);
      w.at(1000);
      await w.upgrade('c1', 2);
      w.at(2000);
      await w.insert('c2', 'n2.1', 'root');
      await phase('after c2 (v1) inserts n2.1 while c1 (v2) is online');
    },
  },
  // The case: c1 upgraded (its migration synced), c2 keeps writing at v1 while c1 is
  // away past the truancy window; c1 comes back and is reset to the server's data.
  'truant-old-peer': {
    scenario: 'corpus/scenarios/verdant-diff-truant-old-peer.scn',
    async run(w, phase) {
      await twoDevices(w);
      w.at(1000);
      await w.upgrade('c1', 2);
      w.at(2000);
      await w.offline('c1');
      w.at(3000);
      await w.insert('c2', 'n2.1', 'root');
      w.at(3000 + AWAY_MS);
      await w.online('c1');
      await phase('after c1 returns from 2 min away (truancy window 1 min)');
      w.at(4000 + AWAY_MS);
      await w.upgrade('c2', 2);
      await phase('after c2 upgrades to v2 too (does n2.1 come back on c1?)');
    },
  },
  // issue 327's minimized trace: c1 upgrades while offline (its migration never reaches the
  // server) and is reset to data that only v1 clients wrote.
  'upgrade-offline-truant': {
    scenario: 'corpus/scenarios/verdant-diff-upgrade-offline.scn',
    async run(w, phase) {
      await twoDevices(w);
      w.at(1000);
      await w.insert('c2', 'n2.1', 'root');
      w.at(2000);
      await w.offline('c1');
      w.at(2500);
      await w.upgrade('c1', 2);
      w.at(2500 + AWAY_MS);
      await w.online('c1');
      await phase('after c1, upgraded offline, returns truant');
    },
  },
  // Writes a truant client made offline and never sent: kept, forfeit, or sent after the reset?
  'unsent-writes': {
    scenario: 'corpus/scenarios/verdant-diff-unsent.scn',
    async run(w, phase) {
      await twoDevices(w);
      w.at(1000);
      await w.offline('c1');
      w.at(2000);
      await w.insert('c1', 'n1.1', 'root');
      w.at(3000);
      await w.insert('c2', 'n2.1', 'root');
      w.at(2000 + AWAY_MS);
      await w.online('c1');
      await phase('after c1 returns truant with unsent n1.1');
    },
  },
  // A new replica on the v2 app joining a library that v1 clients wrote.
  'new-replica': {
    scenario: 'corpus/scenarios/verdant-diff-new-replica.scn',
    async run(w, phase) {
      await twoDevices(w);
      w.at(1000);
      await w.insert('c2', 'n2.1', 'root');
      w.at(2000);
      await w.open('c3', 2);
      await w.online('c3');
      await phase('after new replica c3 (v2) joins');
      w.at(3000);
      await w.insert('c2', 'n2.2', 'root');
      await phase('after c2 (v1) keeps writing');
    },
  },
};
