/**
 * `npm run bench [part…]`: runs bench parts (bench/<part>.ts), all of them by default. Each part
 * runs in its own process with a fresh temporary data directory (so its own SQLite file) and the
 * scheduler off; the directory is removed afterwards. A part is a plain script that prints its table.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const here = import.meta.dirname;
const all = fs
  .readdirSync(here)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_") && !f.endsWith(".test.ts"))
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();

const asked = process.argv.slice(2);
const unknown = asked.filter((p) => !all.includes(p));
if (unknown.length) {
  console.error(`Unknown bench part(s): ${unknown.join(", ")}. Parts: ${all.join(", ")}`);
  process.exit(2);
}

let failed = 0;
for (const part of asked.length ? asked : all) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lifeboat-bench-${part}-`));
  console.log(`\n=== bench: ${part} (data ${dataDir}) ===`);
  const r = spawnSync(process.execPath, ["--import", "tsx", path.join(here, `${part}.ts`)], {
    stdio: "inherit",
    env: { ...process.env, LIFEBOAT_DATA_DIR: dataDir, LIFEBOAT_SCHEDULER: "off", LIFEBOAT_BENCH: "1" },
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (r.status !== 0) {
    failed++;
    console.error(`bench part ${part} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
