import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { listLocations } from "../engine/storage/locations";

const BIN = path.resolve(import.meta.dirname, "../../bin/lifeboat.mjs");

/** The real bin (on this test file's data directory unless `dataDir`); asynchronous, as the S3 server runs in this process. */
async function lifeboat(args: string[], opts: { input?: string; dataDir?: string } = {}) {
  const env = opts.dataDir ? { LIFEBOAT_DATA_DIR: opts.dataDir } : {};
  const r = await execa(process.execPath, [BIN, ...args], { cwd: os.tmpdir(), input: opts.input ?? "", env, reject: false, timeout: 60_000 });
  return { code: r.exitCode, out: r.stdout, err: r.stderr };
}

let s3: S3TestServer;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lb-cli-storage-"));
const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), "lb-cli-fresh-"));
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
  for (const d of [folder, freshDir]) fs.rmSync(d, { recursive: true, force: true });
});

const s3Args = (name: string, bucket: string) => [
  "storage", "add", "--name", name, "--kind", "s3",
  "--set", `endpoint=${s3.endpoint}`, "--set", `region=${s3.region}`, "--set", `bucket=${bucket}`,
  "--set", `accessKeyId=${s3.accessKeyId}`, "--set", "forcePathStyle=true", "--secret-stdin", "secretAccessKey",
];

describe("lifeboat storage + recovery-kit", () => {
  it("add (secret from stdin) → list (masked) → test → remove", async () => {
    const add = await lifeboat([...s3Args("offsite", s3.bucket), "--encryption", "age"], { input: `${s3.secretAccessKey}\n` });
    expect(add.err).toBe("");
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/Storage location \d+ "offsite" added: s3:\/\/lifeboat-test.*age, public key age1/);
    expect((await lifeboat(["storage", "add", "--name", "nas", "--kind", "local", "--set", `path=${folder}`])).code).toBe(0);

    const list = await lifeboat(["storage", "list", "--json"]);
    expect(list.code).toBe(0);
    expect(list.out).not.toContain(s3.secretAccessKey);
    const rows = JSON.parse(list.out).storage as { name: string; settings: Record<string, unknown> }[];
    expect(rows.find((r) => r.name === "offsite")?.settings.secretAccessKey).toBe("***");

    const ok = await lifeboat(["storage", "test", "offsite"]);
    expect(ok.out).toMatch(/^OK: .* in \d+ ms/);
    expect(ok.code).toBe(0);

    const removed = await lifeboat(["storage", "remove", "nas"]);
    expect(removed.code).toBe(0);
    expect(listLocations().map((l) => l.name)).not.toContain("nas");
  });

  it("a failing test exits 1 naming the cause; an unknown location is named", async () => {
    expect((await lifeboat(s3Args("wrong", "missing-bucket"), { input: s3.secretAccessKey })).code).toBe(0);
    const bad = await lifeboat(["storage", "test", "wrong"]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/bucket missing/);
    const unknown = await lifeboat(["storage", "test", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No storage location "nope"/);
  });

  it("recovery kit: export here, import on a fresh data directory (another secret.key): the offsite location works there, with the same age identity", async () => {
    const exported = await lifeboat(["recovery-kit", "export"]);
    expect(exported.code).toBe(0);
    const kit = JSON.parse(exported.out);
    const offsite = kit.locations.find((l: { name: string }) => l.name === "offsite");
    expect(offsite.settings.secretAccessKey).toBe(s3.secretAccessKey);
    expect(offsite.ageIdentity).toMatch(/^AGE-SECRET-KEY-1/);
    const file = path.join(freshDir, "..", `kit-${path.basename(freshDir)}.json`);
    fs.writeFileSync(file, exported.out, { mode: 0o600 });

    const imported = await lifeboat(["recovery-kit", "import", file], { dataDir: freshDir });
    fs.rmSync(file);
    expect(imported.err).toBe("");
    expect(imported.out).toMatch(/Recovery kit imported: 2 location\(s\) added \(offsite, wrong\)/);
    expect(fs.readFileSync(path.join(freshDir, "secret.key"), "utf8")).not.toBe(fs.readFileSync(path.join(process.env.LIFEBOAT_DATA_DIR!, "secret.key"), "utf8"));
    expect((await lifeboat(["storage", "test", "offsite"], { dataDir: freshDir })).code).toBe(0);
    const again = JSON.parse((await lifeboat(["recovery-kit", "export"], { dataDir: freshDir })).out);
    expect(again.locations.find((l: { name: string }) => l.name === "offsite")).toEqual(offsite);

    const self = await lifeboat(["self-backup"], { dataDir: freshDir });
    expect(self.out).toMatch(/Target \d+ Lifeboat\/console set up/);
    expect((await lifeboat(["self-backup"], { dataDir: freshDir })).out).toMatch(/Already set up/);

    const notKit = await lifeboat(["recovery-kit", "import", "-"], { dataDir: freshDir, input: '{"hello":1}' });
    expect(notKit.code).toBe(1);
    expect(notKit.err).toMatch(/Not a Lifeboat recovery kit/);
  });
});
