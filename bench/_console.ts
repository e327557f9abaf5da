/**
 * The production console for a bench: `next build` into .next-bench (skipped with BENCH_SKIP_BUILD=1
 * when a build is there), then `node server.mjs` — what `npm start` runs — on a free loopback port
 * with the bench's data directory. Like e2e/serve.mjs, but returns a handle to stop it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
export const BENCH_DIST_DIR = ".next-bench";

export function buildConsole(): void {
  const built = fs.existsSync(path.join(root, BENCH_DIST_DIR, "BUILD_ID"));
  if (built && process.env.BENCH_SKIP_BUILD === "1") return console.log(`reusing the build in ${BENCH_DIST_DIR} (BENCH_SKIP_BUILD=1)`);
  console.log(`next build → ${BENCH_DIST_DIR} …`);
  // next build adds its dist dir's type folders to tsconfig.json: put the committed file back.
  const tsconfig = fs.readFileSync(path.join(root, "tsconfig.json"), "utf8");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    cwd: root,
    env: { ...process.env, NEXT_DIST_DIR: BENCH_DIST_DIR, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (fs.readFileSync(path.join(root, "tsconfig.json"), "utf8") !== tsconfig) fs.writeFileSync(path.join(root, "tsconfig.json"), tsconfig);
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Console {
  port: number;
  pid: number;
  stop: () => Promise<void>;
}

export async function startConsole(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Console> {
  const port = Number(process.env.BENCH_PORT) || (await freePort());
  // BENCH_CONSOLE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": node flags for the console only (profiling).
  const nodeArgs = (process.env.BENCH_CONSOLE_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, "server.mjs", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, NEXT_DIST_DIR: BENCH_DIST_DIR, NODE_ENV: "production", LIFEBOAT_DATA_DIR: dataDir, ...extraEnv },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited (${child.exitCode}) before answering`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error("the console did not answer /api/health within 60 s");
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, pid: child.pid!, stop };
}
