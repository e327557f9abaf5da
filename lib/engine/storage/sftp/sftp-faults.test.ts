import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSshd, type SshdServer } from "@/test/servers/sshd";
import { storageKind } from "../registry";
import type { SftpBackend } from "./backend";
import { HostKeyError } from "./host-key";

let server: SshdServer;
beforeAll(async () => {
  server = await startSshd({ passwordAuthentication: true });
});
afterAll(async () => {
  await server?.stop();
});

function backend(extra: Record<string, unknown> = {}, srv = server): SftpBackend {
  const k = storageKind("sftp");
  const settings = { host: srv.host, port: srv.port, username: srv.user, privateKey: srv.privateKey, hostKeyFingerprint: srv.hostKeyFingerprint, path: path.join(srv.dir, "faults"), ...extra };
  return k.create(k.settings.parse(settings)) as SftpBackend;
}

/** `mib` MiB, one random MiB repeated; calls `at(mibSent)` as it goes, slowly enough for a fault to land mid-way. */
function body(mib: number, at: (sent: number) => void = () => {}): { stream: Readable; sha256: string } {
  const block = crypto.randomBytes(1 << 20);
  const h = crypto.createHash("sha256");
  for (let i = 0; i < mib; i++) h.update(block);
  let i = 0;
  const stream = new Readable({
    read() {
      if (i >= mib) return void this.push(null);
      at(++i);
      setTimeout(() => this.push(block), 5);
    },
  });
  return { stream, sha256: h.digest("hex") };
}

describe("SFTP backend: the host key is pinned, never trusted silently", () => {
  it("no fingerprint pinned: refused, naming the fingerprint seen, before anything is written", async () => {
    const b = backend({ hostKeyFingerprint: undefined, path: path.join(server.dir, "unpinned") });
    const r = await b.probe();
    expect(r).toMatchObject({ ok: false, stage: "connect" });
    expect(!r.ok && r.error).toContain(`has host key ${server.hostKeyFingerprint}; confirm it`);
    const err = await b.put("x", Readable.from([Buffer.from("x")])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostKeyError);
    expect(err).toMatchObject({ code: "HOST_KEY_UNKNOWN", fingerprint: server.hostKeyFingerprint });
    expect(fs.existsSync(path.join(server.dir, "unpinned"))).toBe(false);
  });

  it("a different host key (a reinstalled server or someone in between): refused, both keys named", async () => {
    const other = await startSshd();
    try {
      const pinned = other.hostKeyFingerprint;
      const b = backend({ path: path.join(other.dir, "x") }, other);
      expect(await b.probe()).toMatchObject({ ok: true });
      const changed = await other.faults.changeHostKey();
      expect(changed).not.toBe(pinned);
      const err = await b.stat("anything").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HostKeyError);
      expect((err as Error).message).toContain(`showed host key ${changed}, not the pinned ${pinned}: refused`);
      expect(await b.probe()).toMatchObject({ ok: false, stage: "connect", error: expect.stringContaining("refused") });
    } finally {
      await other.stop();
    }
  });
});

describe("SFTP backend: what a person sees when it fails", () => {
  it("a wrong key, a wrong password, a closed port: each in words", async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-key-"));
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(tmp, "k")]);
    const wrongKey = backend({ privateKey: fs.readFileSync(path.join(tmp, "k"), "utf8") });
    expect(await wrongKey.probe()).toMatchObject({ ok: false, stage: "connect", error: expect.stringMatching(/auth: .* refused the user name, password or key/) });
    const wrongPassword = backend({ privateKey: undefined, password: "not-the-password" });
    expect(await wrongPassword.probe()).toMatchObject({ ok: false, stage: "connect", error: expect.stringMatching(/auth: /) });
    const closed = backend({ port: 1 });
    expect(await closed.probe()).toMatchObject({ ok: false, stage: "connect", error: expect.stringMatching(/connect: .* refused the connection/) });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("the connection dies mid-transfer: reconnected, resumed, the file is whole", async () => {
    const b = backend();
    const { stream, sha256 } = body(40, (n) => n === 12 && setTimeout(() => server.faults.killSessions(), 0));
    expect(await b.put("resume/big.bin", stream, { size: 40 << 20, sha256 })).toEqual({ size: 40 << 20 });
    const got = crypto.createHash("sha256");
    for await (const c of await b.open("resume/big.bin")) got.update(c as Buffer);
    expect(got.digest("hex")).toBe(sha256);
  });

  it("the server stops in the middle of an upload: retried with back-off, then failed with the reason", async () => {
    const b = backend();
    const { stream } = body(60, (n) => n === 10 && setTimeout(() => void server.faults.pause(), 0));
    const started = Date.now();
    try {
      await expect(b.put("gone/big.bin", stream)).rejects.toThrow(/SFTP upload of gone\/big\.bin \(after 5 attempts\): connect: .* refused the connection/);
      expect(Date.now() - started).toBeGreaterThan(1_500); // 250 + 500 + 1000 + 2000 ms between attempts
    } finally {
      await server.faults.resume();
    }
    expect(await b.stat("gone/big.bin")).toBeNull();
    expect(fs.existsSync(path.join(server.dir, "faults/gone/big.bin.partial"))).toBe(true);
    await b.discardIncomplete("gone/big.bin");
    expect(fs.existsSync(path.join(server.dir, "faults/gone/big.bin.partial"))).toBe(false);
  });

  it("a full disk: the put fails as full, leaves nothing, and free space says why", async () => {
    const disk = await server.faults.smallDisk(8 << 20);
    const b = backend({ path: disk });
    const space = await b.freeSpace();
    expect(space!.total).toBe(8 << 20);
    await expect(b.put("full/big.bin", body(20).stream)).rejects.toThrow(/SFTP upload of full\/big\.bin: full: the server's disk has \d+ bytes free/);
    expect(await b.stat("full/big.bin")).toBeNull();
    expect(fs.readdirSync(path.join(disk, "full"))).toEqual([]);
  });
});

describe("SFTP backend: a large artifact", () => {
  it("a 200 MiB put keeps memory flat (no write's buffer outlives its answer) and arrives whole", async () => {
    const b = backend();
    const mib = 200;
    const block = crypto.randomBytes(1 << 20);
    const want = crypto.createHash("sha256");
    for (let i = 0; i < mib; i++) want.update(block);
    const base = process.memoryUsage().rss;
    let peak = base;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    let i = 0;
    // A fresh buffer per chunk, as a file read gives: a retained chunk would show as growth.
    const src = new Readable({ read() { this.push(i++ < mib ? Buffer.from(block) : null); } });
    try {
      expect(await b.put("big/artifact.tar.zst", src, { size: mib << 20 })).toEqual({ size: mib << 20 });
    } finally {
      clearInterval(timer);
    }
    const growthMiB = (peak - base) / (1 << 20);
    console.log(`SFTP put of ${mib} MiB: RSS growth ${growthMiB.toFixed(1)} MiB (base ${(base / (1 << 20)).toFixed(0)} MiB)`);
    expect(growthMiB).toBeLessThan(120);
    const got = crypto.createHash("sha256");
    for await (const c of await b.open("big/artifact.tar.zst")) got.update(c as Buffer);
    expect(got.digest("hex")).toBe(want.digest("hex"));
    await b.delete("big/artifact.tar.zst");
  }, 180_000);
});
