/**
 * Bench part "api-load": the production console (next build + server.mjs, as `npm start`) with 200
 * targets and a few hundred runs, then CLIENTS concurrent keep-alive clients on loopback send a
 * bounded TOTAL of requests with an API token: GET /api/v1/targets and GET /api/v1/runs alternating
 * (the figure the aim is about), each alone, and GET /api/health as the server floor (same server,
 * same clients, a route that does one `select 1`). Prints requests/s, p50/p95/p99 and the ratio to the
 * floor. Aim: the mix at p95 < 300 ms and ≥ 800 requests/s on a 2-core machine.
 * Env: BENCH_CLIENTS (200), BENCH_TOTAL (5000), BENCH_SKIP_BUILD=1 reuses .next-bench.
 * Run: `npm run bench api-load`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seed } from "./_api-seed";
import { buildConsole, startConsole } from "./_console";
import { runLoad, type LoadResult } from "./_http-load";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const TOTAL = Number(process.env.BENCH_TOTAL ?? 5000);
const AIM_P95_MS = 300;
const AIM_RPS = 800;

// Standalone (`tsx bench/api-load.ts`) must not touch ./data.
if (!process.env.LIFEBOAT_BENCH) {
  process.env.LIFEBOAT_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-bench-api-load-"));
  process.env.LIFEBOAT_SCHEDULER = "off";
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");

function print(rows: LoadResult[], floor: LoadResult) {
  const head = ["", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "KB/resp", "req/s ÷ floor", "p95 ÷ floor"];
  const cells = rows.map((r) => [
    r.name,
    String(r.requests),
    String(r.errors),
    r.rps.toFixed(0),
    r.p50.toFixed(1),
    r.p95.toFixed(1),
    r.p99.toFixed(1),
    (r.bytes / 1024).toFixed(1),
    (r.rps / floor.rps).toFixed(2),
    (r.p95 / floor.p95).toFixed(2),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join("  ");
  console.log(line(head));
  for (const c of cells) console.log(line(c));
}

async function main() {
  const dataDir = process.env.LIFEBOAT_DATA_DIR!;
  buildConsole();
  const seeded = await seed({ apps: 20, targetsPerApp: 10, runsPerTarget: 3 });
  console.log(`seeded ${seeded.targets} targets, ${seeded.runs} runs`);
  const server = await startConsole(dataDir, { LIFEBOAT_SCHEDULER: process.env.LIFEBOAT_SCHEDULER ?? "off" });
  try {
    const headers = { authorization: `Bearer ${seeded.token}` };
    const base = { port: server.port, headers, clients: CLIENTS };
    // Warm-up: JIT, Next's route modules, SQLite's page cache.
    await runLoad({ ...base, name: "warm-up", paths: ["/api/health", "/api/v1/targets", "/api/v1/runs"], total: 600 });
    console.log(`${CLIENTS} clients, ${TOTAL} requests per row, keep-alive, no compression; load average before: ${load()} on ${os.cpus().length} CPUs`);
    const floor = await runLoad({ ...base, name: "floor: GET /api/health", paths: ["/api/health"], total: TOTAL });
    const mix = await runLoad({ ...base, name: "GET targets + runs (alternating)", paths: ["/api/v1/targets", "/api/v1/runs"], total: TOTAL });
    const targets = await runLoad({ ...base, name: "GET /api/v1/targets (200 rows)", paths: ["/api/v1/targets"], total: TOTAL });
    const runs = await runLoad({ ...base, name: "GET /api/v1/runs (50 rows)", paths: ["/api/v1/runs"], total: TOTAL });
    print([floor, mix, targets, runs], floor);
    console.log(`load average after: ${load()}`);
    const ok = mix.errors === 0 && mix.p95 < AIM_P95_MS && mix.rps >= AIM_RPS;
    console.log(`aim: targets + runs at p95 < ${AIM_P95_MS} ms and ≥ ${AIM_RPS} requests/s → ${ok ? "met" : "NOT met"}`);
    if (!ok || [floor, targets, runs].some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
