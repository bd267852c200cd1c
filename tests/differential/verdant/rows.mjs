// The rows of the comparison: each a scenario on the real Verdant whose phases name the syncsim
// scenario file that states the same run for the model (corpus/scenarios/), and what the
// real code must show (checked by `harness.mjs --check`; why each holds: docs/differential.md).
// Times are scenario milliseconds on the harness clock (clock.mjs); the server's truancy window
// is 1 minute, so a device away 2 minutes is truant.
const AWAY_MS = 120000;

/** Two v1 devices on one library; c1 creates the root first (the empty library takes its history). */
async function twoDevices(w) {
  await w.at(0);
  await w.open('c1', 1);
  await w.online('c1');
  await w.createRoot('c1');
  await w.open('c2', 1);
  await w.online('c2');
}

const base = {
  // An old peer's operations arriving live at an upgraded client: migrated on receipt, pruned,
  // or shown as they are?
  'receipt': {
    async run(w, phase) {
      await twoDevices(w);
      await w.at(1000);
      await w.upgrade('c1', 2);
      await w.at(2000);
      await w.insert('c2', 'n2.1', 'root');
      await phase('after c2 (v1) inserts n2.1 while c1 (v2) is online', 'verdant-diff-receipt.scn');
    },
  },
  // The case: c1 upgraded (its migration synced), c2 keeps writing at v1 while c1 is
  // away past the truancy window; c1 comes back and is reset to the server's data.
  'truant-old-peer': {
    async run(w, phase) {
      await twoDevices(w);
      await w.at(1000);
      await w.upgrade('c1', 2);
      await w.at(2000);
      await w.offline('c1');
      await w.at(3000);
      await w.insert('c2', 'n2.1', 'root');
      await w.at(3000 + AWAY_MS);
      await w.online('c1');
      await phase('after c1 returns from 2 min away (truancy window 1 min)', 'verdant-diff-truant-old-peer.scn');
      await w.at(4000 + AWAY_MS);
      await w.upgrade('c2', 2);
      await phase('after c2 upgrades to v2 too (does n2.1 come back on c1?)', 'verdant-diff-comes-back.scn');
    },
  },
  // Verdant issue #327's minimized trace: c1 upgrades while offline (its migration never reaches the
  // server) and is reset to data that only v1 clients wrote.
  'upgrade-offline-truant': {
    async run(w, phase) {
      await twoDevices(w);
      await w.at(1000);
      await w.insert('c2', 'n2.1', 'root');
      await w.at(2000);
      await w.offline('c1');
      await w.at(2500);
      await w.upgrade('c1', 2);
      await w.at(2500 + AWAY_MS);
      await w.online('c1');
      await phase('after c1, upgraded offline, returns truant', 'verdant-diff-upgrade-offline.scn');
    },
  },
  // Writes a truant client made offline and never sent: kept, forfeit, or sent after the reset?
  'unsent-writes': {
    async run(w, phase) {
      await twoDevices(w);
      await w.at(1000);
      await w.offline('c1');
      await w.at(2000);
      await w.insert('c1', 'n1.1', 'root');
      await w.at(3000);
      await w.insert('c2', 'n2.1', 'root');
      await w.at(2000 + AWAY_MS);
      await w.online('c1');
      await phase('after c1 returns truant with unsent n1.1', 'verdant-diff-unsent.scn');
    },
  },
  // A new replica on the v2 app joining a library that v1 clients wrote.
  'new-replica': {
    async run(w, phase) {
      await twoDevices(w);
      await w.at(1000);
      await w.insert('c2', 'n2.1', 'root');
      await w.at(2000);
      await w.open('c3', 2);
      await w.online('c3');
      await phase('after new replica c3 (v2) joins', 'verdant-diff-new-replica.scn');
      await w.at(3000);
      await w.insert('c2', 'n2.2', 'root');
      await phase('after c2 (v1) keeps writing', 'verdant-diff-new-replica-writes.scn');
    },
  },
  // A new replica reset to data of both versions: c1's migration of the root (v2) and an old
  // peer's note (v1). Is each document migrated from its own version, or does the dataset's
  // newest version decide for all of it (docs/differential.md, D7)? c1 is offline by then, so
  // no v2 client migrates n2.1 on receipt first.
  'mixed-reset': {
    async run(w, phase) {
      await twoDevices(w);
      await w.at(1000);
      await w.upgrade('c1', 2);
      await w.at(1500);
      await w.offline('c1');
      await w.at(2000);
      await w.insert('c2', 'n2.1', 'root');
      await w.at(3000);
      await w.open('c3', 2);
      await w.online('c3');
      await phase('after new replica c3 (v2) joins data of v1 and v2', 'verdant-diff-mixed-reset.scn');
    },
  },
  // A device online but silent (heartbeats only) for longer than the truancy window, whose
  // network then fails for a second: is it truant when it reconnects (docs/differential.md, D8)?
  // c2 writes n2.2 during the outage, so a reset would have something to bring.
  'silent-online': {
    async run(w, phase) {
      await twoDevices(w);
      await w.at(1000);
      await w.insert('c2', 'n2.1', 'root');
      await w.at(1000 + AWAY_MS);
      await w.drop('c1');
      await w.at(1500 + AWAY_MS);
      await w.insert('c2', 'n2.2', 'root');
      await w.at(2000 + AWAY_MS);
      await w.restore('c1');
      await phase('after c1, online and silent for 2 min, is back from a 1 s outage', 'verdant-diff-silent-online.scn');
    },
  },
};

// The rows whose outcome hangs on server 2.1.2's truancy race (world.mjs, orderConnectMessages)
// run both ways: `NAME` with the frames read separately, `NAME-coalesced` in one read.
const raced = ['truant-old-peer', 'upgrade-offline-truant', 'unsent-writes'];
export const rows = { ...base };
for (const name of raced) rows[`${name}-coalesced`] = { ...base[name], wire: 'coalesced' };
