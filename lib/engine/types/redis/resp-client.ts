import net from "node:net";
import tls from "node:tls";

export type RespValue = string | number | Buffer | null | RespValue[] | Error;

/**
 * A minimal Redis (RESP2) client: commands as arrays of strings/Buffers, replies parsed with
 * bulk strings kept as Buffers, so binary keys and DUMP payloads survive. Enough for the few
 * commands a restore needs; no pipelining beyond one command at a time.
 */
export class RespClient {
  private buf = Buffer.alloc(0);
  private waiting: { resolve: (v: RespValue) => void; reject: (e: Error) => void }[] = [];
  private closedError: Error | null = null;

  private constructor(private readonly sock: net.Socket) {
    sock.on("data", (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.drain();
    });
    const fail = (e: Error) => {
      this.closedError = e;
      for (const w of this.waiting.splice(0)) w.reject(e);
    };
    sock.on("error", fail);
    sock.on("close", () => fail(new Error("connection closed")));
  }

  /** Connect to a redis:// or rediss:// URL (AUTH and SELECT from the URL). */
  static async connect(url: string, timeoutMs = 5000): Promise<RespClient> {
    const u = new URL(url);
    const port = Number(u.port || 6379);
    const host = u.hostname || "127.0.0.1";
    const sock = await new Promise<net.Socket>((resolve, reject) => {
      const s = u.protocol === "rediss:" ? tls.connect({ host, port, servername: host }) : net.connect({ host, port });
      const t = setTimeout(() => {
        s.destroy();
        reject(new Error(`cannot reach Redis at ${host}:${port} (timeout)`));
      }, timeoutMs);
      s.once(u.protocol === "rediss:" ? "secureConnect" : "connect", () => {
        clearTimeout(t);
        resolve(s);
      });
      s.once("error", (e) => {
        clearTimeout(t);
        reject(new Error(`cannot reach Redis at ${host}:${port} (${e.message})`));
      });
    });
    const c = new RespClient(sock);
    const password = u.password ? decodeURIComponent(u.password) : "";
    const user = u.username ? decodeURIComponent(u.username) : "";
    if (password) await c.ok(user ? ["AUTH", user, password] : ["AUTH", password]);
    const db = Number(u.pathname.slice(1) || 0);
    if (db) await c.ok(["SELECT", String(db)]);
    return c;
  }

  command(args: (string | Buffer)[]): Promise<RespValue> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.sock.write(encodeCommand(args));
    });
  }

  /** A command whose error reply becomes a thrown Error. */
  async ok(args: (string | Buffer)[]): Promise<RespValue> {
    const r = await this.command(args);
    if (r instanceof Error) throw r;
    return r;
  }

  close(): void {
    this.sock.destroy();
  }

  private drain(): void {
    while (this.waiting.length) {
      const parsed = parse(this.buf, 0);
      if (!parsed) return;
      this.buf = this.buf.subarray(parsed.end);
      this.waiting.shift()!.resolve(parsed.value);
    }
  }
}

/** One command in the RESP protocol (what a client sends; `redis-cli --pipe` reads a stream of them). */
export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const a of args) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(a);
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

function parse(buf: Buffer, at: number): { value: RespValue; end: number } | null {
  const nl = buf.indexOf("\r\n", at);
  if (nl < 0) return null;
  const kind = String.fromCharCode(buf[at]!);
  const line = buf.toString("utf8", at + 1, nl);
  const next = nl + 2;
  switch (kind) {
    case "+":
      return { value: line, end: next };
    case "-":
      return { value: new Error(line), end: next };
    case ":":
      return { value: Number(line), end: next };
    case "$": {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      if (buf.length < next + n + 2) return null;
      return { value: buf.subarray(next, next + n), end: next + n + 2 };
    }
    case "*": {
      const n = Number(line);
      if (n < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let pos = next;
      for (let i = 0; i < n; i++) {
        const p = parse(buf, pos);
        if (!p) return null;
        items.push(p.value);
        pos = p.end;
      }
      return { value: items, end: pos };
    }
    default:
      throw new Error(`unexpected Redis reply byte ${JSON.stringify(kind)}`);
  }
}
