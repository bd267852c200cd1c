// One run of a scenario against the real Verdant: an in-process @verdant-web/server on a
// localhost port (its own in-memory SQLite database), clients from @verdant-web/store on
// fake-indexeddb, each device with its own IndexedDB that survives app upgrades. The scenario
// drives it step by step (rows.mjs); observe() reads every replica. docs/differential.md.
// What differs between Verdant releases is in api-3.2.mjs / api-5.5.mjs (`verdant.api`).
import { setTimeout as sleep } from 'node:timers/promises';
import { IDBFactory } from 'fake-indexeddb';
import { WebSocket as WsWebSocket } from 'ws';
import { resetClock, setScenarioTime, scenarioTime } from './clock.mjs';
import { schemaVersions } from './schema.mjs';

const SECRET = 'syncsim-differential';
const LIBRARY = 'notes';
const TRUANCY_MINUTES = 1; // the server's option is in whole minutes; rows step past it

// Every message a client receives, by device: what the server sends on a reset is one of the
// questions (the `sync-resp` with `overwriteLocalData`).
const received = new Map();
const serverLog = [];
const tokenDevice = new Map();
// A device whose network is down (World.drop): its reconnect attempts go to a port nobody
// listens on and fail, as they would without a network, until World.restore.
const unreachable = new Set();
const currentSocket = new Map();
const NOWHERE = 'ws://127.0.0.1:1/';
class RecordingWebSocket extends WsWebSocket {
  constructor(url, protocols) {
    const device = tokenDevice.get(protocols?.[1]) ?? '?';
    super(unreachable.has(device) ? NOWHERE : url, protocols);
    currentSocket.set(device, this);
    this.on('message', (data) => {
      const msg = JSON.parse(String(data));
      if (!received.has(device)) received.set(device, []);
      received.get(device).push({ t: scenarioTime(), msg });
    });
  }
}

export async function startWorld(verdant, wire) {
  globalThis.WebSocket = RecordingWebSocket;
  received.clear();
  unreachable.clear();
  currentSocket.clear();
  serverLog.length = 0;
  resetClock();
  const server = await verdant.api.startServer(verdant, {
    secret: SECRET,
    library: LIBRARY,
    truancyMinutes: TRUANCY_MINUTES,
    // the server's own account of each sync: replica status (new / existing / truant), resets
    // (server 4.2.5 also says when it lets a truant replica with nothing to catch up sync)
    log: (line) => {
      if (/Sync from|truant replica|Overwriting local data|Overriding truant reset/.test(line)) {
        const named = line.replace(/\(user: u1\) /, '').replace(`[Library ${LIBRARY}] `, '');
        serverLog.push(`t=${scenarioTime()} ${named}`);
      }
    },
  });
  orderConnectMessages(server.messageHost, wire);
  const tokens = new verdant.server.TokenProvider({ secret: SECRET });
  const schemas = schemaVersions(verdant.common);
  return new World(verdant, server, server.port, tokens, schemas);
}

// On connect the client sends a presence update and then its sync request (store
// WebSocketSync.onOpen). Server 2.1.2 refreshes the replica's last-seen time after handling
// any message (ServerLibrary.receive), and the presence handler awaits before it finishes, so
// whether the sync request still finds the replica truant depends on whether both frames were
// read from the socket in one chunk: a race of real time. The harness decides it, per row:
//   separate:  each message is handled after the previous one has finished (the frames came in
//              separate reads; the usual case, since the client reads IndexedDB in between);
//   coalesced: the connection's first presence update and the message after it are handled in
//              one synchronous turn, as when both frames arrive in one read.
// Only the order of the server's own handler calls is fixed; the handlers are Verdant's.
// Server 4.2.5 no longer refreshes last-seen on a presence update (Library.handleMessage), so
// there both orders should give the same outcome: the `-coalesced` rows check that.
function orderConnectMessages(host, wire) {
  const handle = host.handleMessage;
  let previous = Promise.resolve();
  const held = new Map();
  const connected = new Set();
  host.handleMessage = (key, info, message) => {
    if (wire === 'coalesced') {
      if (message.type === 'presence-update' && !connected.has(key)) {
        connected.add(key);
        held.set(key, message);
        return Promise.resolve();
      }
      const presence = held.get(key);
      held.delete(key);
      const first = presence ? handle(key, info, presence) : Promise.resolve();
      return Promise.all([first, handle(key, info, message)]);
    }
    previous = previous.then(() => handle(key, info, message));
    return previous;
  };
}

class World {
  constructor(verdant, server, port, tokens, schemas) {
    Object.assign(this, { verdant, server, port, tokens, schemas });
    this.devices = new Map();
    this.noteIds = ['root'];
    this.log = [];
  }

  async open(name, version, { fresh = false } = {}) {
    let dev = this.devices.get(name);
    if (!dev || fresh) {
      dev = { name, idb: new IDBFactory(), online: false };
      this.devices.set(name, dev);
    }
    const { schema, migrations, oldSchemas } = this.schemas.upTo(version);
    const auth = () => {
      const token = this.tokens.getToken({
        libraryId: LIBRARY,
        userId: 'u1',
        syncEndpoint: `http://127.0.0.1:${this.port}/sync`,
        fileEndpoint: `http://127.0.0.1:${this.port}/files/${name}`, // makes each token unique
      });
      tokenDevice.set(token, name);
      return { accessToken: token };
    };
    dev.client = await this.verdant.api.openClient(this.verdant, {
      schema,
      migrations,
      oldSchemas,
      namespace: `syncsim_${name}`,
      idb: dev.idb,
      WebSocket: RecordingWebSocket,
      fetchAuth: async () => auth(),
      log: process.env.SYNCSIM_VERDANT_LOG ? (...a) => console.error(`[${name}]`, ...a) : undefined,
      onReload: () => this.log.push(`${name}: the store asked to reload the page`),
    });
    dev.version = version;
    dev.replicaId = await dev.client.replicaId();
    return dev;
  }

  /**
   * Moves the clock to scenario time `ms`. A real online client sends a heartbeat every few
   * seconds (store Heartbeat.js), which keeps its last-seen time fresh on the server; the
   * harness's clock jumps, so every online device beats once at the new time.
   */
  async at(ms) {
    setScenarioTime(ms);
    for (const dev of this.devices.values()) {
      if (dev.online) await dev.client.heartbeat();
    }
    if ([...this.devices.values()].some((d) => d.online)) await this.settle();
  }

  async online(name) {
    const dev = this.devices.get(name);
    dev.client.start();
    dev.online = true;
    await this.settle();
  }

  async offline(name) {
    const dev = this.devices.get(name);
    await dev.client.flush();
    dev.client.stop();
    dev.online = false;
    await this.settle();
  }

  /**
   * The device's network fails: its socket is cut without a closing handshake, so the client
   * sends nothing more (no `disconnecting` message, unlike offline()), and every reconnect
   * attempt fails until restore(). Scenario time stands still meanwhile, so no heartbeat is due.
   */
  async drop(name) {
    const dev = this.devices.get(name);
    unreachable.add(name);
    dev.online = false;
    currentSocket.get(name)?.terminate();
    await this.settle();
  }

  /** The network is back: the client's own reconnect attempt gets through and it syncs. */
  async restore(name) {
    const dev = this.devices.get(name);
    const before = (received.get(name) ?? []).filter(({ msg }) => msg.type === 'sync-resp').length;
    unreachable.delete(name);
    dev.online = true;
    // the client retries on its own backoff timer (real time): wait for its sync response
    const responses = () => (received.get(name) ?? []).filter(({ msg }) => msg.type === 'sync-resp').length;
    for (let i = 0; i < 400 && responses() === before; i++) await sleep(50);
    if (responses() === before) throw new Error(`${name} did not reconnect within 20 s of restore`);
    await this.settle();
  }

  /** Closes the app and reopens the same IndexedDB with the app build of `version`. */
  async upgrade(name, version) {
    const dev = this.devices.get(name);
    const wasOnline = dev.online;
    await dev.client.close();
    await this.open(name, version);
    if (wasOnline) await this.online(name);
    else await this.settle();
  }

  /** A note and its link in the parent's children, as one user action. */
  async insert(name, id, parentId) {
    const dev = this.devices.get(name);
    const c = dev.client;
    this.noteIds.push(id);
    const parent = await c.notes.get(parentId).resolved;
    if (!parent) {
      this.log.push(`${name}: insert ${id}: parent ${parentId} not visible`);
      return;
    }
    const fields = { id, text: id, isRoot: false, children: [] };
    if (dev.version >= 2) fields.priority = this.schemas.fillPriority;
    await c.notes.put(fields);
    parent.get('children').push(id);
    await c.flush();
    await this.settle();
  }

  async createRoot(name) {
    const dev = this.devices.get(name);
    const fields = { id: 'root', text: 'root', isRoot: true, children: [] };
    if (dev.version >= 2) fields.priority = this.schemas.fillPriority;
    await dev.client.notes.put(fields);
    await dev.client.flush();
    await this.settle();
  }

  /** Waits until no online replica's view changes for a while (real time; the clock stands). */
  async settle() {
    const stablePolls = 5;
    let last = '';
    let same = 0;
    for (let i = 0; i < 200 && same < stablePolls; i++) {
      await sleep(60);
      const now = JSON.stringify(await this.observe());
      same = now === last ? same + 1 : 0;
      last = now;
    }
    if (same < stablePolls) throw new Error('replicas did not settle within 12 s');
  }

  async observeClient(dev) {
    const notes = {};
    for (const id of this.noteIds) {
      const e = await dev.client.notes.get(id).resolved;
      if (!e) continue;
      notes[id] = snapshotOf(e.getSnapshot());
    }
    const listed = (await dev.client.notes.findAll().resolved).map((e) => e.get('id')).sort();
    const exported = await dev.client.exported();
    // Which notes the client still holds data for (operations or baselines). Counts are not
    // recorded: the client's rebase folds operations into baselines on a real-time timer.
    const stored = [];
    for (const id of this.noteIds) {
      const oid = `notes/${id.replaceAll('.', '&dot;')}`; // Verdant escapes dots in oids
      const ops = exported.operations.filter((o) => o.oid === oid || o.oid.startsWith(`${oid}:`));
      const base = exported.baselines.filter((b) => b.oid === oid || b.oid.startsWith(`${oid}:`));
      if (ops.length || base.length) stored.push(id);
    }
    return { version: dev.version, online: dev.online, notes, listed, stored: stored.sort() };
  }

  async observeServer() {
    const notes = {};
    for (const id of this.noteIds) {
      const s = await this.server.snapshot('notes', id);
      if (s) notes[id] = snapshotOf(s);
    }
    return { notes };
  }

  async observe() {
    const out = {};
    for (const [name, dev] of this.devices) out[name] = await this.observeClient(dev);
    out.server = await this.observeServer();
    return out;
  }

  /** What the server sent each device: message types, and every sync-resp in full summary. */
  messages() {
    const out = {};
    for (const [device, list] of received) {
      out[device] = list
        .filter(({ msg }) => msg.type === 'sync-resp')
        .map(({ t, msg }) => ({
          t_ms: t,
          overwriteLocalData: msg.overwriteLocalData,
          operations: msg.operations.length,
          baselines: msg.baselines.length,
          docs: [...new Set([...msg.operations, ...msg.baselines].map((o) => readableOid(o.oid).split(':')[0]))].sort(),
          versions: [...new Set(msg.operations.map((o) => versionOf(o.timestamp)))].sort(),
          detail: [
            ...msg.baselines.map((b) => `baseline ${readableOid(b.oid)} v${versionOf(b.timestamp)}`),
            ...msg.operations.map((o) => `${o.data.op} ${readableOid(o.oid)} v${versionOf(o.timestamp)}`),
          ],
        }));
    }
    return out;
  }

  /**
   * The server's log lines with the random parts named: replica ids (Verdant draws them) by
   * device, HLC timestamps (they carry a random node id) as `hlc`. Then a row's output is the
   * same from run to run.
   */
  serverLog() {
    return serverLog.map((line) => {
      let named = line.replace(/ackedLogicalTime: [0-9a-z]+/, 'ackedLogicalTime: hlc');
      for (const dev of this.devices.values()) named = named.replaceAll(dev.replicaId, dev.name);
      return named;
    });
  }

  async close() {
    for (const dev of this.devices.values()) await dev.client?.close().catch(() => {});
    await this.server.close();
  }
}

function snapshotOf(s) {
  const out = { text: s.text, children: [...(s.children ?? [])] };
  if (s.priority !== undefined) out.priority = s.priority;
  return out;
}

// An operation's schema version is the first block of its timestamp (base 36, 4 digits).
function versionOf(timestamp) {
  return parseInt(timestamp.slice(0, 4), 36);
}

// `notes/n2&dot;1:ab12` -> `notes/n2.1` (+ `.children` for the nested list object)
function readableOid(oid) {
  const [doc, sub] = oid.replaceAll('&dot;', '.').split(':');
  return sub ? `${doc}.children` : doc;
}
