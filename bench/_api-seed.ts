/**
 * The api-load bench's data: APPS × TARGETS_PER_APP targets (hourly and daily schedules, a few paused
 * or manual), RUNS_PER_TARGET finished runs each (mostly successes, some failures, some targets never
 * run or overdue), an admin and a read token. Plain SQL on the migrated database, the fewest columns
 * a run needs, so the seed survives schema work elsewhere.
 */
import { hashToken } from "../lib/services/tokens/secret";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Seeded {
  targets: number;
  runs: number;
  token: string;
}

export async function seed(opts: { apps: number; targetsPerApp: number; runsPerTarget: number }): Promise<Seeded> {
  const { getDb } = await import("../lib/db/client");
  const sqlite = getDb().$client;
  const now = Date.now();
  let s = 7;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const token = "lb_bench_" + "x".repeat(37);
  sqlite.transaction(() => {
    const insApp = sqlite.prepare("INSERT INTO apps (name) VALUES (?)");
    const insTarget = sqlite.prepare("INSERT INTO targets (app_id, name, type, source, enabled) VALUES (?, ?, ?, ?, ?)");
    const insSchedule = sqlite.prepare(
      "INSERT INTO schedules (target_id, kind, minute, hour, timezone, grace_minutes, enabled) VALUES (?, ?, ?, ?, 'Europe/Berlin', 60, ?)",
    );
    const insRun = sqlite.prepare(`INSERT INTO runs (target_id, trigger, status, queued_at, started_at, finished_at, duration_ms, size_bytes, error_summary)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const types = ["postgres", "mysql", "filesystem", "redis", "sqlite"];
    for (let a = 0; a < opts.apps; a++) {
      const appId = Number(insApp.run(`app-${String(a).padStart(2, "0")}`).lastInsertRowid);
      for (let t = 0; t < opts.targetsPerApp; t++) {
        const i = a * opts.targetsPerApp + t;
        const type = types[i % types.length]!;
        const source = type === "filesystem" ? { path: `/srv/data/${i}` } : type === "sqlite" ? { path: `/srv/db/${i}.db` } : { url: `${type}://backup:***@db-${i}.internal:5432/app${i}` };
        const targetId = Number(insTarget.run(appId, `target-${t}`, type, JSON.stringify(source), i % 37 === 5 ? 0 : 1).lastInsertRowid);
        const hourly = t < 3;
        insSchedule.run(targetId, i % 23 === 0 ? "manual" : hourly ? "hourly" : "daily", 5, hourly ? null : 2, i % 41 === 7 ? 0 : 1);
        if (i % 29 === 3) continue; // never run
        const every = hourly ? HOUR : DAY;
        // Some targets stopped a week ago: overdue.
        const end = i % 17 === 4 ? now - 7 * DAY : now - every / 2;
        for (let r = opts.runsPerTarget; r >= 1; r--) {
          const queued = end - (r - 1) * every;
          const x = rnd();
          const status = x < 0.85 ? "success" : x < 0.93 ? "failed" : x < 0.97 ? "partial" : "interrupted";
          const duration = Math.floor(5_000 + rnd() * 300_000);
          insRun.run(
            targetId,
            x > 0.5 && x < 0.55 ? "manual" : "scheduler",
            status,
            queued,
            queued + 500,
            queued + 500 + duration,
            duration,
            status === "failed" ? null : Math.floor(1e6 + rnd() * 4e9),
            status === "success" ? null : "pg_dump: error: connection to server failed: Connection refused",
          );
        }
      }
    }
    const user = Number(
      sqlite.prepare("INSERT INTO users (email, password_hash, role) VALUES ('bench@lifeboat.test', 'x', 'admin')").run().lastInsertRowid,
    );
    sqlite
      .prepare("INSERT INTO api_tokens (name, role, token_hash, prefix, created_by) VALUES ('bench', 'viewer', ?, ?, ?)")
      .run(hashToken(token), token.slice(0, 10), user);
  })();
  const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const out = { targets: count("targets"), runs: count("runs"), token };
  return out;
}
