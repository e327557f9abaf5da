import { Client } from "ssh2";
import { pinnedConnectConfig, type HostKeyError } from "../storage/sftp/host-key";
import { connKey, whereOf, type ServerConn } from "./server-conn";

interface Pooled {
  key: string;
  client: Client;
  ready: Promise<Client>;
  closed: boolean;
  /** Channels open now, and the callers waiting for one (the server's parallel limit). */
  busy: number;
  waiting: (() => void)[];
}

/** One SSH connection per server, shared by every job on it (each job opens its own channels). */
const pool = new Map<number, Pooled>();

/**
 * Connect with the host key checked against the pinned fingerprint before any credential is
 * sent. With none pinned, or a different one, the connection fails with a HostKeyError naming
 * the key seen, so an admin can confirm it; a key is never accepted silently.
 */
export function connect(s: ServerConn): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    let hostKeyError: HostKeyError | null = null;
    let settled = false;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(hostKeyError ?? e);
    };
    client.once("error", fail);
    client.once("close", () => fail(new Error(`${whereOf(s)} closed the connection during the SSH handshake`)));
    client.once("ready", () => {
      settled = true;
      resolve(client);
    });
    client.connect(pinnedConnectConfig(s, whereOf(s), (e) => (hostKeyError = e), { readyTimeout: 15_000, keepaliveInterval: 10_000 }));
  });
}

function open(s: ServerConn): Pooled {
  const entry: Pooled = { key: connKey(s), client: null as unknown as Client, ready: null as unknown as Promise<Client>, closed: false, busy: 0, waiting: [] };
  entry.ready = connect(s).then((client) => {
    entry.client = client;
    const gone = () => {
      entry.closed = true;
      if (pool.get(s.id) === entry) pool.delete(s.id);
    };
    client.on("close", gone);
    client.on("error", gone);
    client.on("end", gone);
    return client;
  });
  entry.ready.catch(() => {
    entry.closed = true;
    if (pool.get(s.id) === entry) pool.delete(s.id);
  });
  return entry;
}

function entryFor(s: ServerConn): Pooled {
  let entry = pool.get(s.id);
  if (entry && (entry.closed || entry.key !== connKey(s))) {
    // Settings changed (a new key, a pinned fingerprint) or the connection died: start afresh.
    if (!entry.closed) entry.ready.then((c) => c.end(), () => {});
    pool.delete(s.id);
    entry = undefined;
  }
  if (!entry) {
    entry = open(s);
    pool.set(s.id, entry);
  }
  return entry;
}

/** The pooled connection, connecting when there is none. */
export function connection(s: ServerConn): Promise<Client> {
  return entryFor(s).ready;
}

/**
 * Run `fn` holding one of the server's `maxParallel` slots on its pooled connection. `urgent`
 * skips the limit: a kill of a remote process must not wait behind the job it stops.
 */
export async function withSlot<T>(s: ServerConn, fn: (c: Client) => Promise<T>, urgent = false): Promise<T> {
  const entry = entryFor(s);
  const client = await entry.ready;
  if (!urgent) {
    while (entry.busy >= Math.max(1, s.maxParallel)) await new Promise<void>((r) => entry.waiting.push(r));
    entry.busy++;
  }
  try {
    return await fn(client);
  } finally {
    if (!urgent) {
      entry.busy--;
      entry.waiting.shift()?.();
    }
  }
}

/** Drop a server's connection (deleted, settings changed, tests). */
export function closeConnection(serverId: number): void {
  const entry = pool.get(serverId);
  pool.delete(serverId);
  entry?.ready.then((c) => c.end(), () => {});
}

export function closeAllConnections(): void {
  for (const id of [...pool.keys()]) closeConnection(id);
}
