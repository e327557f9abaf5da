// "When the server is gone" (README): back up, copy the artifact offsite (S3 plain, S3 age-encrypted),
// export the recovery kit, then on a NEW data directory (another secret.key, empty database):
// import the kit, rescan the offsite locations (the encrypted one opened with the kit's age identity),
// restore the folder from the offsite copy, compare. Restoring straight from an .age copy is the copies work (issue 13b).
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3Server, type S3TestServer } from "@/test/servers/s3";
import { makeTarget, operator, tmpDir } from "@/test/backup/fixtures";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { createStorageLocation } from "@/lib/services/storage-locations/create";
import { backendOf, getLocation } from "@/lib/engine/storage/locations";
import { ageEncrypt, locationRecipients } from "@/lib/engine/storage/encryption";

const BIN = path.resolve(import.meta.dirname, "../../bin/lifeboat.mjs");
const CLI = { type: "cli" as const, label: "test", role: "admin" as const };

async function lifeboat(args: string[], dataDir?: string) {
  const env = dataDir ? { LIFEBOAT_DATA_DIR: dataDir } : {};
  const r = await execa(process.execPath, [BIN, ...args], { cwd: tmpDir("lb-cwd-"), env, reject: false, timeout: 120_000 });
  return { code: r.exitCode, out: r.stdout, err: r.stderr };
}

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3Server();
});
afterAll(async () => {
  await s3?.stop();
});

describe("when the server is gone", () => {
  it("a new console with the recovery kit rescans the locations (the encrypted copy's manifest read with the kit's identity) and restores a folder", async () => {
    // The old console: a folder target backed up locally, its artifact copied to two S3 locations.
    const src = tmpDir("lb-dr-src-");
    fs.mkdirSync(path.join(src, "sub"));
    fs.writeFileSync(path.join(src, "a.txt"), "alpha\n");
    fs.writeFileSync(path.join(src, "sub", "b.bin"), Buffer.alloc(300_000, 7));
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-dr-local-") }, "shop");
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("success");
    const file = artifactAbsolutePath(run.storageRoot!, run.artifactPath!);

    const nasDir = tmpDir("lb-dr-nas-");
    const nas = await createStorageLocation(CLI, { name: "nas", kind: "local", settings: { path: nasDir } });
    await backendOf(nas.id).put(run.artifactPath!, fs.createReadStream(file));
    const plain = await createStorageLocation(CLI, { name: "offsite", kind: "s3", settings: s3.settings({ prefix: "plain" }) });
    const sealed = await createStorageLocation(CLI, { name: "vault", kind: "s3", settings: s3.settings({ prefix: "sealed" }), encryption: "age" });
    await backendOf(plain.id).put(run.artifactPath!, fs.createReadStream(file));
    const age = ageEncrypt(locationRecipients(getLocation(sealed.id)!));
    const [, stored] = await Promise.all([
      pipeline(fs.createReadStream(file), age.input),
      backendOf(sealed.id).put(`${run.artifactPath!}.age`, age.output as Readable),
      age.done,
    ]);
    expect(stored.size).toBeGreaterThan(0);

    const kit = await lifeboat(["recovery-kit", "export"]);
    expect(kit.code).toBe(0);
    const kitFile = path.join(tmpDir("lb-dr-kit-"), "kit.json");
    fs.writeFileSync(kitFile, kit.out, { mode: 0o600 });

    // The server is gone: a new, empty data directory.
    const fresh = tmpDir("lb-dr-fresh-");
    expect((await lifeboat(["recovery-kit", "import", kitFile], fresh)).code).toBe(0);
    const scanPlain = await lifeboat(["storage", "rescan", "offsite"], fresh);
    expect(scanPlain.err).not.toMatch(/unreadable/);
    expect(scanPlain.out).toMatch(/1 artifact\(s\) registered, 0 unreadable/);
    const scanVault = await lifeboat(["storage", "rescan", "vault"], fresh);
    expect(scanVault.out).toMatch(/registered run (\d+): shop\/t\d+ .*\.tar\.zst\.age/);
    expect((await lifeboat(["storage", "rescan", "vault"], fresh)).out).toMatch(/0 artifact\(s\) registered, 0 unreadable, 1 already known/);

    // Restoring straight from S3 (fetch + preview) is the copies work (issue 13b): restore from the NAS copy.
    const scanNas = await lifeboat(["storage", "rescan", "nas"], fresh);
    const runId = /registered run (\d+)/.exec(scanNas.out)![1]!;
    const dest = path.join(tmpDir("lb-dr-dest-"), "restored");
    const restored = await lifeboat(["restore", runId, "--to", dest, "--yes"], fresh);
    expect(restored.err).not.toMatch(/error/i);
    expect(restored.code).toBe(0);
    expect(fs.readFileSync(path.join(dest, "a.txt"), "utf8")).toBe("alpha\n");
    expect(fs.readFileSync(path.join(dest, "sub", "b.bin")).equals(Buffer.alloc(300_000, 7))).toBe(true);
  }, 240_000); // nine CLI runs, each bundling the CLI first: ~20 s idle, a minute and more on a loaded machine
});
