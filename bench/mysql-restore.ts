/**
 * `npm run bench mysql-restore`: what the MariaDB statement filter (the check of every statement
 * of a restored dump) costs. The work is in _mysql-restore-child.ts, bundled to ESM here (the lib
 * uses ESM-only execa; tsx runs bench parts as CJS).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { buildSync } from "esbuild";

const here = import.meta.dirname;
const out = path.join(here, "data", ".build", "mysql-restore-child.mjs");
fs.mkdirSync(path.dirname(out), { recursive: true });
buildSync({
  entryPoints: [path.join(here, "_mysql-restore-child.ts")],
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
