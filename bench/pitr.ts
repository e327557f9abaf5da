/**
 * `npm run bench pitr`: PostgreSQL point-in-time recovery (issue 15) — the recovery point under a
 * steady pgbench load, and the time of a point-in-time restore of a pgbench database
 * (BENCH_PITR_SCALE, default 70 ≈ 1 GB) into a new database, by Lifeboat and by hand with the same
 * tools. The work is in _pitr-child.ts, bundled to ESM here like bench/restore.ts.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

const here = import.meta.dirname;
const out = path.join(here, "data", ".build", "pitr-child.mjs");
fs.mkdirSync(path.dirname(out), { recursive: true });
buildSync({
  entryPoints: [path.join(here, "_pitr-child.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile: out,
  logLevel: "error",
});
const r = spawnSync(process.execPath, [out], { stdio: "inherit", env: process.env });
process.exit(r.status ?? 1);
