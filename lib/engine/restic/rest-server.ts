import crypto from "node:crypto";
import fsp from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { StorageBackend } from "../storage/backend";
import { ObjectNotFoundError } from "../storage/backend";

/**
 * A restic REST server (the protocol of restic's `rest:` backend, v1 and v2 listings) over a
 * storage location's backend, for a restic that runs on another server (remote-backup.ts): the
 * files it writes land in the location's usual repository (`<location>/restic`, the layout restic's
 * local, SFTP and S3 backends use: `data/<2 hex>/<id>`), through the location's own backend, so
 * the server never gets the location's S3 keys or SSH key — only the repository password.
 *
 * It listens on a Unix socket in a fresh 0700 folder (no TCP port here); the SSH reverse tunnel
 * carries the remote restic's connections to it. Every request needs the session's random
 * basic-auth password (another user on the server can reach the forwarded port). Append-only: no
 * object is replaced and only locks are deleted, so the server cannot remove or rewrite what is
 * in the repository. Locks the remote restic made and did not remove (a killed run) are removed
 * by close().
 */
export interface RestSession {
  /** The Unix socket the tunnel connects to. */
  socket: string;
  user: string;
  password: string;
  /** Bytes received into the repository (new packs, index, snapshot). */
  bytesIn(): number;
  close(): Promise<void>;
}

const TYPES = new Set(["data", "keys", "locks", "snapshots", "index"]);
const NAME = /^[0-9a-f]{64}$/;
const V2 = "application/vnd.x.restic.rest.v2";

/** The storage key of an object (restic's default layout) under the repository folder. */
function keyOf(prefix: string, type: string, name: string): string {
  return type === "data" ? `${prefix}/data/${name.slice(0, 2)}/${name}` : `${prefix}/${type}/${name}`;
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | "bad" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return "bad";
  let start: number;
  let end: number;
  if (m[1] === "") {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? "bad" : { start, end };
}

function sameSecret(a: string, b: string): boolean {
  const x = crypto.createHash("sha256").update(a).digest();
  const y = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(x, y);
}

export async function startRestSession(backend: StorageBackend, prefix: string, opts: { onError?: (m: string) => void } = {}): Promise<RestSession> {
  const user = "lifeboat";
  const password = crypto.randomBytes(24).toString("base64url");
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-rest-"));
  await fsp.chmod(dir, 0o700);
  const socket = path.join(dir, "rest.sock");
  const locks = new Set<string>();
  let received = 0;

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const auth = req.headers.authorization ?? "";
    const given = auth.startsWith("Basic ") ? Buffer.from(auth.slice(6), "base64").toString() : "";
    if (!sameSecret(given, `${user}:${password}`)) {
      res.writeHead(401, { "WWW-Authenticate": 'Basic realm="lifeboat"' }).end();
      return;
    }
    const url = new URL(req.url ?? "/", "http://x");
    const parts = url.pathname.split("/").filter(Boolean);
    const method = req.method ?? "GET";
    const send = (code: number, body = "") => void res.writeHead(code, { "Content-Length": Buffer.byteLength(body) }).end(body);

    if (parts.length === 0) return send(method === "POST" ? 403 : 404, method === "POST" ? "the repository is created by the console" : "");
    const [type, name] = parts;
    let key: string;
    if (type === "config" && parts.length === 1) key = `${prefix}/config`;
    else if (TYPES.has(type!) && parts.length === 1) {
      if (method !== "GET") return send(405);
      // A listing: every object of the type (data: across its 256 sub-folders).
      const items: { name: string; size: number }[] = [];
      for await (const o of backend.list(`${prefix}/${type}/`)) {
        const base = o.key.slice(o.key.lastIndexOf("/") + 1);
        if (NAME.test(base)) items.push({ name: base, size: o.size });
      }
      const v2 = (req.headers.accept ?? "").includes(V2);
      const body = JSON.stringify(v2 ? items : items.map((i) => i.name));
      res.writeHead(200, { "Content-Type": v2 ? V2 : "application/vnd.x.restic.rest.v1", "Content-Length": Buffer.byteLength(body) }).end(body);
      return;
    } else if (TYPES.has(type!) && parts.length === 2 && NAME.test(name!)) key = keyOf(prefix, type!, name!);
    else return send(404);

    if (method === "HEAD" || method === "GET") {
      const st = await backend.stat(key);
      if (!st) return send(404);
      if (method === "HEAD") return void res.writeHead(200, { "Content-Length": st.size }).end();
      const range = parseRange(req.headers.range, st.size);
      if (range === "bad") return void res.writeHead(416, { "Content-Range": `bytes */${st.size}` }).end();
      const stream = await backend.open(key, range ?? undefined);
      res.writeHead(range ? 206 : 200, {
        "Content-Length": range ? range.end - range.start + 1 : st.size,
        "Content-Type": "application/octet-stream",
        ...(range ? { "Content-Range": `bytes ${range.start}-${range.end}/${st.size}` } : {}),
      });
      stream.on("error", () => res.destroy());
      stream.pipe(res);
      return;
    }
    if (method === "POST") {
      // Append-only: restic never rewrites an object (names are content hashes; config is written once).
      if (await backend.stat(key)) return send(403, "exists: the repository is append-only from a server");
      const announced = req.headers["content-length"] != null ? Number(req.headers["content-length"]) : undefined;
      const { size } = await backend.put(key, req, { size: announced });
      received += size;
      if (type === "locks") locks.add(key);
      return send(200);
    }
    if (method === "DELETE") {
      if (type !== "locks") return send(403, "append-only: only locks are removed from a server");
      await backend.delete(key);
      locks.delete(key);
      return send(200);
    }
    return send(405);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof ObjectNotFoundError) {
        if (!res.headersSent) res.writeHead(404).end();
        return;
      }
      opts.onError?.(`repository request ${req.method} ${req.url} failed: ${(e as Error).message ?? e}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socket, () => resolve());
  });
  await fsp.chmod(socket, 0o600);

  return {
    socket,
    user,
    password,
    bytesIn: () => received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      // A killed restic leaves its lock: it would block the next forget or prune for 30 minutes.
      for (const k of locks) await backend.delete(k).catch(() => {});
      locks.clear();
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
