import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalBackend } from "../storage/local/backend";
import { startRestSession, type RestSession } from "./rest-server";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function req(s: RestSession, method: string, url: string, opts: { body?: Buffer; auth?: string | null; headers?: Record<string, string> } = {}): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  const auth = opts.auth === undefined ? `${s.user}:${s.password}` : opts.auth;
  return new Promise((resolve, reject) => {
    const r = http.request(
      { socketPath: s.socket, method, path: url, headers: { ...(auth ? { Authorization: `Basic ${Buffer.from(auth).toString("base64")}` } : {}), ...opts.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks), headers: res.headers }));
      },
    );
    r.on("error", reject);
    r.end(opts.body);
  });
}

const id = (c: string) => c.repeat(64);

describe("the restic REST server a remote restic writes through (append-only, one-time password)", () => {
  it("stores in restic's layout, serves ranges and listings, refuses a wrong password, overwrites and deletes; removes leftover locks on close", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lb-rest-"));
    dirs.push(root);
    const backend = new LocalBackend(root);
    const s = await startRestSession(backend, "restic");
    expect((fs.statSync(s.socket).mode & 0o777).toString(8)).toBe("600");

    expect((await req(s, "GET", "/config", { auth: null })).status).toBe(401);
    expect((await req(s, "GET", "/config", { auth: `${s.user}:wrong` })).status).toBe(401);
    expect((await req(s, "HEAD", "/config")).status).toBe(404);
    expect((await req(s, "POST", "/config", { body: Buffer.from("cfg") })).status).toBe(200);
    expect((await req(s, "POST", "/config", { body: Buffer.from("evil") })).status).toBe(403);
    expect(fs.readFileSync(path.join(root, "restic", "config"), "utf8")).toBe("cfg");

    const pack = Buffer.from("0123456789");
    expect((await req(s, "POST", `/data/${id("a")}`, { body: pack })).status).toBe(200);
    expect(fs.readFileSync(path.join(root, "restic", "data", "aa", id("a")))).toEqual(pack);
    const part = await req(s, "GET", `/data/${id("a")}`, { headers: { Range: "bytes=2-5" } });
    expect([part.status, part.body.toString(), part.headers["content-range"]]).toEqual([206, "2345", "bytes 2-5/10"]);
    const list = await req(s, "GET", "/data/", { headers: { Accept: "application/vnd.x.restic.rest.v2" } });
    expect(JSON.parse(list.body.toString())).toEqual([{ name: id("a"), size: 10 }]);

    expect((await req(s, "POST", `/snapshots/${id("b")}`, { body: Buffer.from("snap") })).status).toBe(200);
    expect((await req(s, "DELETE", `/snapshots/${id("b")}`)).status).toBe(403);
    expect((await req(s, "DELETE", `/data/${id("a")}`)).status).toBe(403);
    expect(fs.existsSync(path.join(root, "restic", "snapshots", id("b")))).toBe(true);
    // Names are ids: nothing else reaches the backend.
    expect((await req(s, "GET", "/data/..%2F..%2Fetc")).status).toBe(404);
    expect((await req(s, "POST", "/keys/not-a-hash", { body: Buffer.from("x") })).status).toBe(404);

    expect((await req(s, "POST", `/locks/${id("c")}`, { body: Buffer.from("lock") })).status).toBe(200);
    expect((await req(s, "POST", `/locks/${id("d")}`, { body: Buffer.from("lock") })).status).toBe(200);
    expect((await req(s, "DELETE", `/locks/${id("c")}`)).status).toBe(200);
    expect(fs.readdirSync(path.join(root, "restic", "locks"))).toEqual([id("d")]);
    await s.close();
    // The lock a killed restic would have left is gone; the socket folder too.
    expect(fs.readdirSync(path.join(root, "restic", "locks"))).toEqual([]);
    expect(fs.existsSync(s.socket)).toBe(false);
  });
});
