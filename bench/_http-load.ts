/**
 * A bounded closed-loop HTTP load: `clients` keep-alive connections on loopback, each sending its
 * next request when the previous answer has been read, until `total` requests have been sent.
 * Plain node:http (no fetch/undici): the load generator shares the machine with the server, so it
 * should cost as little as possible. Bodies are read and dropped, not parsed.
 */
import http from "node:http";

export interface LoadResult {
  name: string;
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  bytes: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))]!;
}

function once(agent: http.Agent, port: number, path: string, headers: Record<string, string>): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, agent, headers }, (res) => {
      let bytes = 0;
      res.on("data", (c: Buffer) => (bytes += c.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** `paths` are requested round-robin (one list = one endpoint; several = a mix). */
export async function runLoad(opts: {
  name: string;
  port: number;
  paths: string[];
  headers?: Record<string, string>;
  clients: number;
  total: number;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.clients });
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  let bytes = 0;
  let firstError: string | null = null;
  const client = async () => {
    while (sent < opts.total) {
      const path = opts.paths[sent % opts.paths.length]!;
      sent++;
      const t0 = performance.now();
      try {
        const r = await once(agent, opts.port, path, opts.headers ?? {});
        latencies.push(performance.now() - t0);
        bytes += r.bytes;
        if (r.status !== 200) {
          errors++;
          firstError ??= `HTTP ${r.status} for ${path}`;
        }
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: opts.clients }, client));
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  if (firstError) console.error(`  ${opts.name}: ${errors} error(s), first: ${firstError}`);
  latencies.sort((a, b) => a - b);
  return {
    name: opts.name,
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    bytes: latencies.length ? bytes / latencies.length : 0,
  };
}
