import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalBackend } from "../storage/local/backend";
import { encryptLocalFile } from "./copy-artifact";

// A copy of a large local artifact into an encrypting location: age reads the file itself, a
// worker thread checks the plaintext's sha256. Checked with the age CLI, as a user would decrypt.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-enc-file-"));
const srcDir = path.join(dir, "src");
const dstDir = path.join(dir, "dst");
fs.mkdirSync(srcDir);
fs.mkdirSync(dstDir);
const identity = path.join(dir, "identity.txt");
execFileSync("age-keygen", ["-o", identity], { stdio: "ignore" });
const recipient = /age1[0-9a-z]+/.exec(fs.readFileSync(identity, "utf8"))![0];
const body = crypto.randomBytes(20 << 20);
fs.writeFileSync(path.join(srcDir, "a.tar.zst"), body);
const sha = crypto.createHash("sha256").update(body).digest("hex");
const from = new LocalBackend(srcDir);
const to = new LocalBackend(dstDir);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("encryptLocalFile", () => {
  it("stores the age ciphertext with its size and sha256; age -d gives the artifact back; the plaintext was checked", async () => {
    const r = await encryptLocalFile({ from, key: "a.tar.zst", sha256: sha }, [recipient], to, "c/a.tar.zst.age", new AbortController().signal);
    const stored = fs.readFileSync(path.join(dstDir, "c/a.tar.zst.age"));
    expect(r.size).toBe(stored.length);
    expect(r.sha256).toBe(crypto.createHash("sha256").update(stored).digest("hex"));
    expect(r.readBytes).toBe(body.length);
    const back = execFileSync("age", ["-d", "-i", identity, path.join(dstDir, "c/a.tar.zst.age")], { maxBuffer: 64 << 20 });
    expect(back.equals(body)).toBe(true);
  });

  it("a plaintext that is not the artifact the run recorded fails the copy and stores nothing", async () => {
    await expect(encryptLocalFile({ from, key: "a.tar.zst", sha256: "0".repeat(64) }, [recipient], to, "c/bad.tar.zst.age", new AbortController().signal)).rejects.toThrow(
      /the artifact a\.tar\.zst: sha256 [0-9a-f]{64} where 0{64} was expected/,
    );
    expect(fs.existsSync(path.join(dstDir, "c/bad.tar.zst.age"))).toBe(false);
    expect(fs.readdirSync(path.join(dstDir, "c")).filter((f) => f.startsWith("bad"))).toEqual([]);
  });

  it("a link in the source location is refused, not followed", async () => {
    fs.symlinkSync("/etc/hostname", path.join(srcDir, "link.tar.zst"));
    await expect(encryptLocalFile({ from, key: "link.tar.zst", sha256: null }, [recipient], to, "c/link.age", new AbortController().signal)).rejects.toThrow();
    expect(fs.existsSync(path.join(dstDir, "c/link.age"))).toBe(false);
  });
});
