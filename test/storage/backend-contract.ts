import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { buildSync } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectNotFoundError, type StorageBackend, type StoredObject } from "@/lib/engine/storage/backend";
import { storageKind } from "@/lib/engine/storage/registry";

/** A backend to check: its kind (from the registry) and the settings a location row would hold (secrets included). */
export interface ContractSubject {
  kind: string;
  settings: Record<string, unknown>;
  cleanup?: () => unknown;
}

export async function readAll(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function listAll(b: StorageBackend, prefix: string): Promise<StoredObject[]> {
  const out: StoredObject[] = [];
  for await (const o of b.list(prefix)) out.push(o);
  return out;
}

/** A body that sends `before` bytes, then fails (or waits for an abort) before ever ending. */
function brokenBody(before: number, fail: boolean): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent < before) {
        sent += 1 << 16;
        this.push(crypto.randomBytes(1 << 16));
      } else if (fail) this.destroy(new Error("the source broke"));
    },
  });
}

/**
 * The StorageBackend contract: every backend kind (local now; S3 and SFTP in issue 13) runs this
 * suite against a real instance. Each test works under its own random prefix, so a shared bucket
 * or folder is fine.
 */
export function backendContract(name: string, make: () => ContractSubject | Promise<ContractSubject>): void {
  describe(`StorageBackend contract: ${name}`, () => {
    let subject: ContractSubject;
    let b: StorageBackend;
    const ns = () => `contract-${crypto.randomBytes(4).toString("hex")}`;
    const data = crypto.randomBytes(1_000_003); // not a multiple of any chunk size

    beforeAll(async () => {
      subject = await make();
      const kind = storageKind(subject.kind);
      b = kind.create(kind.settings.parse(subject.settings));
    });
    afterAll(async () => {
      await subject?.cleanup?.();
    });

    it("put stores the stream under the key; stat and open give it back exactly", async () => {
      const key = `${ns()}/app/db/one.tar.zst`;
      expect(await b.stat(key)).toBeNull();
      expect(await b.put(key, Readable.from([data.subarray(0, 500_000), data.subarray(500_000)]), { size: data.length })).toEqual({ size: data.length });
      const st = await b.stat(key);
      expect(st).toMatchObject({ key, size: data.length });
      expect(st!.mtime).toBeInstanceOf(Date);
      expect((await readAll(await b.open(key))).equals(data)).toBe(true);
    });

    it("an empty object and a replaced object", async () => {
      const key = `${ns()}/empty`;
      expect(await b.put(key, Readable.from([]))).toEqual({ size: 0 });
      expect((await b.stat(key))?.size).toBe(0);
      expect((await readAll(await b.open(key))).length).toBe(0);
      await b.put(key, Readable.from([Buffer.from("second")]));
      expect((await readAll(await b.open(key))).toString()).toBe("second");
    });

    it("byte ranges: start-end inclusive, open-ended, one byte, the last byte", async () => {
      const key = `${ns()}/ranged.bin`;
      await b.put(key, Readable.from([data]));
      const cases: [number, number | undefined][] = [[0, 99], [500_000, undefined], [17, 17], [data.length - 1, data.length - 1], [123_456, 654_321]];
      for (const [start, end] of cases) {
        const got = await readAll(await b.open(key, { start, end }));
        expect(got.equals(data.subarray(start, end === undefined ? undefined : end + 1)), `${start}-${end}`).toBe(true);
      }
    });

    it("a missing key: stat null, open rejects with ObjectNotFoundError, delete is fine", async () => {
      const key = `${ns()}/nothing-here`;
      expect(await b.stat(key)).toBeNull();
      await expect(b.open(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(b.delete(key)).resolves.toBeUndefined();
    });

    it("keys that could leave the location or collide with work files are refused", async () => {
      for (const bad of ["../x", "/abs/x", "a//b", "a/./b", "a/../../b", "x.partial", "a\\b", ""]) {
        await expect(b.put(bad, Readable.from([Buffer.from("x")])), bad).rejects.toThrow(/Invalid storage key/);
        await expect(b.stat(bad), bad).rejects.toThrow(/Invalid storage key/);
      }
    });

    it("an announced size that does not match fails and leaves nothing visible", async () => {
      const key = `${ns()}/short`;
      await expect(b.put(key, Readable.from([Buffer.from("abc")]), { size: 4 })).rejects.toThrow();
      expect(await b.stat(key)).toBeNull();
    });

    it("an aborted put and a put whose source breaks leave nothing visible under the key", async () => {
      const p = ns();
      const ac = new AbortController();
      const aborted = b.put(`${p}/aborted`, brokenBody(2 << 20, false), { signal: ac.signal });
      aborted.catch(() => {});
      // While the put is under way (its source waits), nothing is visible yet.
      await new Promise((r) => setTimeout(r, 200));
      expect(await b.stat(`${p}/aborted`)).toBeNull();
      expect(await listAll(b, `${p}/`)).toEqual([]);
      ac.abort(new Error("cancelled by the test"));
      await expect(aborted).rejects.toThrow();
      await expect(b.put(`${p}/broken`, brokenBody(2 << 20, true))).rejects.toThrow(/the source broke/);
      expect(await b.stat(`${p}/aborted`)).toBeNull();
      expect(await b.stat(`${p}/broken`)).toBeNull();
      await expect(b.open(`${p}/broken`)).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect(await listAll(b, `${p}/`)).toEqual([]);
    });

    it("a put killed with SIGKILL leaves nothing visible; discardIncomplete clears what it left", async () => {
      const p = ns();
      const key = `${p}/killed.tar.zst`;
      const bundle = path.resolve("node_modules/.cache", `lifeboat-put-child-${process.pid}.mjs`);
      buildSync({ entryPoints: [path.resolve("test/storage/put-child.ts")], bundle: true, platform: "node", format: "esm", packages: "external", outfile: bundle, logLevel: "error" });
      const child = spawn(process.execPath, [bundle, subject.kind, JSON.stringify(subject.settings), key], { cwd: process.cwd(), env: process.env, stdio: ["ignore", "pipe", "inherit"] });
      try {
        await new Promise<void>((resolve, reject) => {
          child.stdout.on("data", (d: Buffer) => d.toString().includes("writing") && resolve());
          child.once("exit", (code) => reject(new Error(`the child exited (${code}) before writing`)));
        });
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGKILL");
        await exited;
      } finally {
        child.kill("SIGKILL");
        fs.rmSync(bundle, { force: true });
      }
      expect(await b.stat(key)).toBeNull();
      expect(await listAll(b, `${p}/`)).toEqual([]);
      await b.discardIncomplete(key);
      expect(await b.stat(key)).toBeNull();
    });

    it("list: every complete object under a prefix, in key order, with sizes", async () => {
      const p = ns();
      const keys = [`${p}/a/2.bin`, `${p}/a/1.bin`, `${p}/a-b/x`, `${p}/b/deep/er/z`, `${p}/top`];
      for (const [i, k] of keys.entries()) await b.put(k, Readable.from([Buffer.alloc(i + 1, 1)]));
      const all = await listAll(b, `${p}/`);
      expect(all.map((o) => o.key)).toEqual([...keys].sort());
      expect(all.find((o) => o.key === `${p}/top`)?.size).toBe(5);
      expect((await listAll(b, `${p}/a/`)).map((o) => o.key)).toEqual([`${p}/a/1.bin`, `${p}/a/2.bin`]);
      // A prefix may end in the middle of a name.
      expect((await listAll(b, `${p}/a`)).map((o) => o.key)).toEqual([`${p}/a-b/x`, `${p}/a/1.bin`, `${p}/a/2.bin`]);
      expect(await listAll(b, `${p}/nothing/`)).toEqual([]);
      expect((await listAll(b, "")).filter((o) => o.key.startsWith(`${p}/`)).length).toBe(keys.length);
    });

    it("delete removes the object and leaves its neighbours", async () => {
      const p = ns();
      await b.put(`${p}/x`, Readable.from([Buffer.from("x")]));
      await b.put(`${p}/x.sha256`, Readable.from([Buffer.from("y")]));
      await b.delete(`${p}/x`);
      expect(await b.stat(`${p}/x`)).toBeNull();
      expect((await listAll(b, `${p}/`)).map((o) => o.key)).toEqual([`${p}/x.sha256`]);
      await b.delete(`${p}/x`);
    });

    it("probe writes, reads back and deletes a test object, leaving nothing behind", async () => {
      const before = (await listAll(b, "")).length;
      const r = await b.probe();
      expect(r).toMatchObject({ ok: true });
      expect(r.ok && r.latencyMs).toBeGreaterThanOrEqual(0);
      expect((await listAll(b, "")).length).toBe(before);
    });

    it("free space is either unknown (null) or figures that make sense", async () => {
      const f = await b.freeSpace();
      if (f !== null) {
        expect(f.total).toBeGreaterThan(0);
        expect(f.free).toBeGreaterThanOrEqual(0);
        expect(f.free).toBeLessThanOrEqual(f.total);
      }
    });
  });
}
