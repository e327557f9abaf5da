// Starts a fresh console for the end-to-end tests: empty data dir, production build, the console's
// own server (server.mjs, as `npm start` runs it).
import { spawnSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const port = process.env.E2E_PORT ?? "3100";
const dataDir = process.env.E2E_DATA_DIR;
const distDir = process.env.NEXT_DIST_DIR ?? (port === "3100" ? ".next" : `.next-e2e-${port}`);
fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

const env = {
  ...process.env,
  NEXT_DIST_DIR: distDir,
  LIFEBOAT_DATA_DIR: dataDir,
  LIFEBOAT_BCRYPT_COST: "4",
  LIFEBOAT_E2E: "1",
  // e2e/client-ip.spec.ts plays a reverse proxy from 127.0.0.2 (the browser connects from 127.0.0.1).
  LIFEBOAT_TRUSTED_PROXIES: "127.0.0.2",
  PORT: port,
  NODE_ENV: "production",
};
if (!process.env.E2E_SKIP_BUILD) {
  // next build adds its dist dir's type folders to tsconfig.json; a side-by-side build dir
  // (.next-e2e-<port>) must not end up in the committed file.
  const tsconfig = fs.readFileSync("tsconfig.json", "utf8");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { env, stdio: "inherit" });
  if (fs.readFileSync("tsconfig.json", "utf8") !== tsconfig) fs.writeFileSync("tsconfig.json", tsconfig);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, ["server.mjs", "-p", port, "-H", "127.0.0.1"], {
  env,
  stdio: "inherit",
});
const stop = () => child.kill("SIGTERM");
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
child.on("exit", (code) => process.exit(code ?? 0));
console.log(`[e2e] console on :${port}, data in ${path.resolve(dataDir)}`);
