/**
 * `npm run bench restore`: restore time of a pgbench PostgreSQL database (BENCH_PG_SCALE, default
 * 70 ≈ 1 GB) by Lifeboat against plain pg_restore, and what the safety backup adds. The work is in
 * _restore-child.ts, bundled to ESM here (the lib uses ESM-only execa; tsx runs bench parts as CJS).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

const here = import.meta.dirname;
// Inside the project, so the bundle resolves node_modules (bench/data is git-ignored).
const out = path.join(here, "data", ".build", "restore-child.mjs");
fs.mkdirSync(path.dirname(out), { recursive: true });
buildSync({
  entryPoints: [path.join(here, "_restore-child.ts")],
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
