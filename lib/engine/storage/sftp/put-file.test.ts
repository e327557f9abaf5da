import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSshd, type SshdServer } from "@/test/servers/sshd";
import { makeFile as makeFileIn, putPath as putFile } from "@/test/storage/local-files";
import { storageKind } from "../registry";
import type { SftpBackend } from "./backend";

let server: SshdServer;
let dir: string;
beforeAll(async () => {
  server = await startSshd();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-sftp-putfile-"));
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function backend(extra: Record<string, unknown> = {}): SftpBackend {
  const k = storageKind("sftp");
  const settings = { host: server.host, port: server.port, username: server.user, privateKey: server.privateKey, hostKeyFingerprint: server.hostKeyFingerprint, path: path.join(server.dir, "files"), ...extra };
  return k.create(k.settings.parse(settings)) as SftpBackend;
}

const makeFile = (name: string, bytes: number) => makeFileIn(dir, name, bytes);

/** Calls `act` once the server-side .partial of `key` has passed `bytes` (the upload is then truly mid-way). */
function whenPartialPasses(root: string, key: string, bytes: number, act: () => void): () => void {
  const partial = path.join(root, `${key}.partial`);
  const timer = setInterval(() => {
    if ((fs.statSync(partial, { throwIfNoEntry: false })?.size ?? 0) > bytes) {
      clearInterval(timer);
      act();
    }
  }, 5);
  return () => clearInterval(timer);
}

const sha = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("SFTP putFile: a local file by positional reads, hashed on a worker thread", () => {
  it("arrives whole under its key, no .partial left; a small and an empty file too", async () => {
    const b = backend();
    for (const [name, size] of [["big.bin", 30_000_000], ["small.bin", 1000], ["empty.bin", 0]] as const) {
      const { file, sha256 } = makeFile(name, size);
      expect(await putFile(b, `a/${name}`, file, { sha256 })).toEqual({ size, sha256 });
      expect(sha(path.join(server.dir, "files/a", name))).toBe(sha256);
    }
    expect(fs.readdirSync(path.join(server.dir, "files/a")).sort()).toEqual(["big.bin", "empty.bin", "small.bin"]);
  });

  it("a file that is not the recorded artifact (another sha256): nothing under the key, no .partial", async () => {
    const { file } = makeFile("other.bin", 20_000_000);
    const b = backend();
    await expect(putFile(b, "b/other.bin", file, { sha256: "0".repeat(64) })).rejects.toThrow(/^the artifact other\.bin: sha256 [0-9a-f]{64} where 0{64} was expected/);
    expect(await b.stat("b/other.bin")).toBeNull();
    expect(fs.readdirSync(path.join(server.dir, "files/b"))).toEqual([]);
  });

  it("the connection dies mid-transfer: reconnected, the unanswered writes sent again, the file is whole", async () => {
    const { file, sha256 } = makeFile("resume.bin", 150_000_000);
    const b = backend();
    let killed = 0;
    const stop = whenPartialPasses(path.join(server.dir, "files"), "c/resume.bin", 30_000_000, () => (killed = server.faults.killSessions()));
    try {
      expect(await putFile(b, "c/resume.bin", file, { sha256 })).toEqual({ size: 150_000_000, sha256 });
    } finally {
      stop();
    }
    expect(killed).toBeGreaterThan(0);
    expect(sha(path.join(server.dir, "files/c/resume.bin"))).toBe(sha256);
  });

  it("the server goes away mid-upload: retried with back-off, then failed with the reason; nothing under the key", async () => {
    const { file } = makeFile("gone.bin", 150_000_000);
    const b = backend();
    const stop = whenPartialPasses(path.join(server.dir, "files"), "d/gone.bin", 20_000_000, () => void server.faults.pause());
    try {
      await expect(putFile(b, "d/gone.bin", file)).rejects.toThrow(/SFTP upload of d\/gone\.bin \(after 5 attempts\): connect: .* refused the connection/);
    } finally {
      stop();
      await server.faults.resume();
    }
    expect(await b.stat("d/gone.bin")).toBeNull();
    await b.discardIncomplete("d/gone.bin");
    expect(fs.readdirSync(path.join(server.dir, "files/d"))).toEqual([]);
  });

  it("a full disk: failed as full, nothing left", async () => {
    const disk = await server.faults.smallDisk(8 << 20);
    const { file } = makeFile("full.bin", 20_000_000);
    const b = backend({ path: disk });
    await expect(putFile(b, "e/full.bin", file)).rejects.toThrow(/SFTP upload of e\/full\.bin: full: the server's disk has \d+ bytes free/);
    expect(await b.stat("e/full.bin")).toBeNull();
    expect(fs.readdirSync(path.join(disk, "e"))).toEqual([]);
  });

  it("cancelled mid-upload: rejects with the cancel's reason, the .partial is removed", async () => {
    const { file } = makeFile("cancel.bin", 150_000_000);
    const b = backend();
    const ac = new AbortController();
    const stop = whenPartialPasses(path.join(server.dir, "files"), "f/cancel.bin", 10_000_000, () => ac.abort(new Error("cancelled by test")));
    try {
      await expect(putFile(b, "f/cancel.bin", file, { signal: ac.signal })).rejects.toThrow(/^cancelled by test$/);
    } finally {
      stop();
    }
    expect(await b.stat("f/cancel.bin")).toBeNull();
    expect(fs.readdirSync(path.join(server.dir, "files/f"))).toEqual([]);
  });
});
