import net from "node:net";
import { test } from "vitest";

/**
 * Tests that need PostgreSQL / MariaDB / Redis use the real servers on loopback. In CI a missing
 * service fails the test; outside CI it is skipped with a loud warning.
 */
export const SERVICES = {
  postgres: { host: "127.0.0.1", port: 5432 },
  mysql: { host: "127.0.0.1", port: 3306 },
  redis: { host: "127.0.0.1", port: 6379 },
} as const;

export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

/** Call at the top of a describe: returns a `test` that fails (CI) or skips loudly (local). */
export async function serviceTest(name: keyof typeof SERVICES) {
  const { host, port } = SERVICES[name];
  const up = await reachable(host, port);
  if (up) return test;
  const msg = `${name} is not reachable on ${host}:${port}`;
  if (process.env.CI) {
    return ((title: string) =>
      test(title, () => {
        throw new Error(`${msg} (CI requires it; .ci/run starts it)`);
      })) as unknown as typeof test;
  }
  console.warn(`\n!!! SKIPPING ${name} tests: ${msg}. Start it (see README) — CI will fail. !!!\n`);
  return test.skip;
}
