import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { readAll } from "@/test/storage/backend-contract";
import { AGE_IDENTITY, AGE_RECIPIENT, ageDecrypt, ageEncrypt, generateIdentity, recipientOf } from "./index";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lb-age-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Run a stage over `data`: feed it, collect its output, wait for age to exit. */
async function through(stage: ReturnType<typeof ageEncrypt>, data: Buffer): Promise<Buffer> {
  const [out] = await Promise.all([readAll(stage.output), pipeline(Readable.from([data]), stage.input), stage.done]);
  return out;
}

describe("age encryption (the Debian age CLI, streamed)", () => {
  it("generates an identity whose recipient age-keygen -y agrees with", async () => {
    const k = await generateIdentity();
    expect(k.identity).toMatch(AGE_IDENTITY);
    expect(k.recipient).toMatch(AGE_RECIPIENT);
    expect(await recipientOf(k.identity)).toBe(k.recipient);
  });

  it("Lifeboat encrypts to two recipients; `age -d -i` by hand opens it with either identity", async () => {
    const own = await generateIdentity();
    // An admin's offline key, made by hand.
    const offlineFile = path.join(tmp, "offline.txt");
    await execa("age-keygen", ["-o", offlineFile]);
    const offline = await recipientOf(fs.readFileSync(offlineFile, "utf8").split("\n").find((l) => l.startsWith("AGE-SECRET-KEY-"))!);
    const data = crypto.randomBytes(3_000_017);
    const sealed = await through(ageEncrypt([own.recipient, offline]), data);
    expect(sealed.subarray(0, 21).toString()).toBe("age-encryption.org/v1");
    const file = path.join(tmp, "artifact.tar.zst.age");
    fs.writeFileSync(file, sealed);
    const ownFile = path.join(tmp, "identity.txt");
    fs.writeFileSync(ownFile, `${own.identity}\n`, { mode: 0o600 });
    for (const id of [ownFile, offlineFile]) {
      const out = path.join(tmp, "plain");
      await execa("age", ["-d", "-i", id, "-o", out, file]);
      expect(fs.readFileSync(out).equals(data)).toBe(true);
    }
  });

  it("the reverse: `age -r` by hand, Lifeboat decrypts; the identity file is gone afterwards", async () => {
    const k = await generateIdentity();
    const data = crypto.randomBytes(1_234_567);
    const plain = path.join(tmp, "by-hand");
    fs.writeFileSync(plain, data);
    await execa("age", ["-r", k.recipient, "-o", `${plain}.age`, plain]);
    const scratch = fs.mkdtempSync(path.join(tmp, "scratch-"));
    const out = await through(ageDecrypt(k.identity, { scratchDir: scratch }), fs.readFileSync(`${plain}.age`));
    expect(out.equals(data)).toBe(true);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it("the identity never reaches a command line; the file age reads is 0600", async () => {
    const k = await generateIdentity();
    const scratch = fs.mkdtempSync(path.join(tmp, "scratch-"));
    const d = ageDecrypt(k.identity, { scratchDir: scratch });
    const [dir] = fs.readdirSync(scratch);
    expect(fs.statSync(path.join(scratch, dir, "identity.txt")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(scratch, dir)).mode & 0o777).toBe(0o700);
    const cmdlines = fs
      .readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .map((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/cmdline`, "utf8");
        } catch {
          return "";
        }
      });
    expect(cmdlines.some((c) => c.includes("--decrypt"))).toBe(true);
    expect(cmdlines.some((c) => c.includes(k.identity))).toBe(false);
    d.input.end();
    await expect(d.done).rejects.toThrow(/age decryption failed/);
    expect(fs.readdirSync(scratch)).toEqual([]);
  });

  it("a wrong identity or a damaged file: refused with age's reason", async () => {
    const a = await generateIdentity();
    const b = await generateIdentity();
    const sealed = await through(ageEncrypt([a.recipient]), Buffer.from("secret dump"));
    await expect(through(ageDecrypt(b.identity), sealed)).rejects.toThrow(/age decryption failed: .*no identity matched/);
    const damaged = Buffer.from(sealed);
    damaged[damaged.length - 5] ^= 0xff;
    await expect(through(ageDecrypt(a.identity), damaged)).rejects.toThrow(/age decryption failed/);
    expect(() => ageEncrypt(["--output=/etc/passwd"])).toThrow(/Not an age recipient/);
    expect(() => ageDecrypt("not a key")).toThrow(/Not an age identity/);
  });
});
