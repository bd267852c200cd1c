// How world.mjs drives store 3.2.1 + server 2.1.2: one server object (the real `Server`, which
// serves HTTP and websockets itself) and a client wrapper with the few calls a row needs. The
// 5.5 twin is api-5.5.mjs; world.mjs sees only these shapes (docs/differential.md).
import http from 'node:http';

/**
 * The real `Server`, in process, on a localhost port, SQLite in memory. `log(line)` receives the
 * server's log lines; `messageHost` is the object whose `handleMessage(key, info, message)` the
 * server calls for each client message (world.mjs orders those calls).
 */
export async function startServer(verdant, { secret, library, truancyMinutes, log }) {
  const httpServer = http.createServer();
  const server = new verdant.server.Server({
    databaseFile: ':memory:',
    tokenSecret: secret,
    replicaTruancyMinutes: truancyMinutes,
    httpServer,
    profiles: { get: async (userId) => ({ id: userId }) },
    log: (...parts) => log(parts.map(String).join(' ')),
  });
  httpServer.on('request', (req, res) => server.handleRequest(req, res));
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    port: httpServer.address().port,
    messageHost: server,
    snapshot: async (collection, id) => server.getDocumentSnapshot(library, collection, id),
    close: async () => {
      httpServer.closeAllConnections(); // else close() waits for the idle sockets
      await server.close();
    },
  };
}

/** A client of the app build `schema` on the device's own IndexedDB `idb`, opened. */
export async function openClient(verdant, { schema, migrations, namespace, idb, fetchAuth, log }) {
  const desc = new verdant.store.ClientDescriptor({
    schema,
    migrations,
    namespace,
    indexedDb: idb,
    sync: {
      fetchAuth,
      initialPresence: {},
      defaultProfile: {},
      initialTransport: 'realtime',
      automaticTransportSelection: false,
    },
    log,
  });
  const client = await desc.open();
  return {
    notes: client.notes,
    replicaId: async () => (await client.meta.localReplica.get()).id,
    start: () => client.sync.start(),
    stop: () => client.sync.stop(),
    heartbeat: () => client.sync.webSocketSync.sendHeartbeat(),
    flush: () => client.entities.flushAllBatches(),
    exported: async () => JSON.parse((await client.export()).toString()),
    close: () => client.close(),
  };
}
