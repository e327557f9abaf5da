/**
 * Lifeboat's folder backup as a user gets it: through the running console's API. Creates a
 * filesystem target (POST /api/v1/targets), then each backup is POST /api/v1/targets/{id}/runs and
 * GET /api/v1/runs/{id}?wait=60 (the API's long poll, answered when the run ends) until it has
 * ended, as a script waiting for a backup does: the time covers the queue, the
 * pre-scan, tar, compression, sha256, fsync, rename, .sha256 and the DB records. Memory is the
 * console process's own (VmHWM/VmRSS from /proc; zstd's memory is the same as the baseline's).
 */
import fs from "node:fs";
import { hashToken } from "../lib/services/tokens/secret";

export async function seedAdminToken(): Promise<{ token: string; appId: number }> {
  const { getDb } = await import("../lib/db/client");
  const sqlite = getDb().$client;
  const token = "lb_bench_admin_" + "y".repeat(31);
  const user = Number(sqlite.prepare("INSERT INTO users (email, password_hash, role) VALUES ('bench-archive@lifeboat.test', 'x', 'admin')").run().lastInsertRowid);
  sqlite.prepare("INSERT INTO api_tokens (name, role, token_hash, prefix, created_by) VALUES ('bench', 'admin', ?, ?, ?)").run(hashToken(token), token.slice(0, 10), user);
  const appId = Number(sqlite.prepare("INSERT INTO apps (name) VALUES ('bench')").run().lastInsertRowid);
  return { token, appId };
}

export function memKb(pid: number): { rss: number; hwm: number } {
  const s = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(s)?.[1] ?? 0);
  return { rss: kb("VmRSS"), hwm: kb("VmHWM") };
}

export class ConsoleApi {
  constructor(
    private readonly port: number,
    private readonly token: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** A GET, tried again when a kept-alive connection was closed under it (undici: "other side closed"). */
  async poll<T>(path: string): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.call<T>("GET", path);
      } catch (e) {
        if (attempt >= 5 || !/fetch failed/.test(String(e))) throw e;
        await new Promise((res) => setTimeout(res, 100));
      }
    }
  }

  async createFolderTarget(appId: number, name: string, folder: string, storage: string, compression: string, level: number): Promise<number> {
    const { target } = await this.call<{ target: { id: number } }>("POST", "/api/v1/targets", {
      appId,
      name,
      type: "filesystem",
      source: { path: folder },
      storageRoot: storage,
      compression,
      meta: { compressionLevel: level },
    });
    return target.id;
  }

  /** Back up now through the API and wait for the end: seconds from the trigger to the answer saying so. */
  async backup(targetId: number): Promise<{ seconds: number; status: string; error: string | null; sizeBytes: number | null; slowestPollMs: number }> {
    const t0 = performance.now();
    const { run } = await this.call<{ run: { id: number } }>("POST", `/api/v1/targets/${targetId}/runs`);
    // A probe of the console's event loop while it backs up (it serves the UI too): a plain GET
    // every 250 ms, about what a few open run pages cost.
    let slowestPollMs = 0;
    let ended = false;
    const probe = (async () => {
      while (!ended) {
        const p0 = performance.now();
        await this.poll(`/api/v1/runs/${run.id}`);
        slowestPollMs = Math.max(slowestPollMs, performance.now() - p0);
        await new Promise((res) => setTimeout(res, 250));
      }
    })();
    try {
      for (;;) {
        const r = await this.poll<{ run: { status: string; error: string | null; sizeBytes: number | null } }>(`/api/v1/runs/${run.id}?wait=60`);
        if (r.run.status !== "queued" && r.run.status !== "running") return { seconds: (performance.now() - t0) / 1000, slowestPollMs, ...r.run };
      }
    } finally {
      ended = true;
      await probe;
    }
  }
}
