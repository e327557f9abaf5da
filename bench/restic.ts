/**
 * Bench part "restic" (issue 14): see bench/_restic-bench.ts for what it measures and its knobs.
 * This part bundles it with esbuild and runs it (the lib uses ESM-only execa, which tsx's
 * CommonJS mode cannot load — the same reason bench/archive.ts bundles its child).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildSync } from "esbuild";

const here = import.meta.dirname;
// Beside the sources (bench/data is gitignored), so its bare imports resolve from node_modules.
const local = path.join(here, "data", ".build", "restic-bench.mjs");
buildSync({ entryPoints: [path.join(here, "_restic-bench.ts")], bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", outfile: local, logLevel: "error" });
const r = spawnSync(process.execPath, [local], { stdio: "inherit", cwd: path.resolve(here, ".."), env: { ...process.env, LIFEBOAT_BENCH_DIR: here } });
process.exit(r.status ?? 1);
