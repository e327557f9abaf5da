import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
}

let server: http.Server | null = null;

/** A real webhook receiver on loopback for the e2e tests (the console POSTs to it). */
export async function beforeAll() {
  const requests: Received[] = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/e2e-token`,
    requests,
    async closedPort() {
      const s = net.createServer();
      await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", () => resolve()));
      const p = (s.address() as AddressInfo).port;
      await new Promise<void>((resolve) => s.close(() => resolve()));
      return p;
    },
  };
}

export async function afterAll() {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
}
