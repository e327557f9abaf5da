import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, userActor } from "../../../test/restore/testing";
import { artifactFileOf } from "../../engine/restore/paths";
import { getDb } from "../../db/client";
import { auditLog } from "../../db/schema";
import { updateSettings } from "../settings/settings";
import { receiveUpload, UploadTooLargeError } from "./upload";
import { getRestorePreview } from "./preview";

function sqliteSource(): string {
  const file = path.join(tmpDir("lb-up-live-"), "app.sqlite");
  const db = new Database(file);
  db.exec("create table items(id integer primary key, name text); insert into items(name) values ('one'),('two')");
  db.close();
  return file;
}
const body = (file: string) => fs.createReadStream(file);
const sha = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("artifact upload", () => {
  test("a Lifeboat artifact becomes an upload run of a same-type target, previewable and restorable", async () => {
    const op = userActor("operator");
    const from = makeTarget({ type: "sqlite", source: { path: sqliteSource() }, storageRoot: tmpDir("lb-up-a-") });
    const artifact = artifactFileOf(await backupNow(op, from.id));
    const storage = tmpDir("lb-up-b-");
    const to = makeTarget({ type: "sqlite", source: { path: path.join(tmpDir("lb-up-dest-"), "x.sqlite") }, storageRoot: storage });

    const run = await receiveUpload(op, { targetId: to.id, body: body(artifact), sha256: sha(artifact), fileName: path.basename(artifact) });
    expect(run).toMatchObject({ trigger: "upload", status: "success", artifactState: "present", sha256: sha(artifact), targetId: to.id });
    expect(run.artifactName).toMatch(/\.tar\.zst$/);
    const stored = artifactFileOf((await import("../runs/get")).loadRunForActor(op, run.id).run);
    expect(stored.startsWith(storage)).toBe(true);
    expect(execFileSync("sha256sum", ["-c", path.basename(stored) + ".sha256"], { cwd: path.dirname(stored) }).toString()).toContain(": OK");
    expect(fs.readdirSync(path.join(storage, ".lifeboat-uploads"))).toEqual([]);
    expect(getDb().select().from(auditLog).all().some((a) => a.action === "artifact.upload" && a.entityId === String(run.id))).toBe(true);

    const preview = await getRestorePreview(op, run.id);
    expect(preview.contents).toEqual({ kind: "tables", source: expect.any(String), tables: [{ name: "items", rows: 2 }] });
    const alt = path.join(tmpDir("lb-up-alt-"), "restored.sqlite");
    const r = await restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", path: alt }, confirmName: to.name });
    expect(r.errorSummary).toBeNull();
    const db = new Database(alt, { readonly: true });
    expect(db.prepare("select count(*) from items").pluck().get()).toBe(2);
    db.close();
  });

  test("not an artifact, a corrupt one, a wrong checksum, a wrong type and an oversized file are rejected clearly", async () => {
    const op = userActor("operator");
    const admin = userActor("admin");
    const storage = tmpDir("lb-up-c-");
    const from = makeTarget({ type: "sqlite", source: { path: sqliteSource() }, storageRoot: tmpDir("lb-up-a-") });
    const artifact = artifactFileOf(await backupNow(op, from.id));
    const to = makeTarget({ type: "sqlite", source: { path: "/tmp/nowhere.sqlite" }, storageRoot: storage });
    const folder = makeTarget({ type: "filesystem", source: { path: "/tmp" }, storageRoot: storage });
    const work = tmpDir("lb-up-bad-");

    const random = path.join(work, "random.bin");
    fs.writeFileSync(random, crypto.randomBytes(4096));
    await expect(receiveUpload(op, { targetId: to.id, body: body(random) })).rejects.toThrow(/Rejected: .*(Not a Lifeboat artifact|damaged)/);

    fs.writeFileSync(path.join(work, "hello.txt"), "hi");
    const plainTar = path.join(work, "plain.tar");
    execFileSync("tar", ["-cf", plainTar, "-C", work, "hello.txt"]);
    await expect(receiveUpload(op, { targetId: to.id, body: body(plainTar) })).rejects.toThrow(/first entry is "hello.txt", not manifest.json/);

    const truncated = path.join(work, "truncated.tar.zst");
    const bytes = fs.readFileSync(artifact);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(receiveUpload(op, { targetId: to.id, body: body(truncated) })).rejects.toThrow(/Rejected: /);

    await expect(receiveUpload(op, { targetId: to.id, body: body(artifact), sha256: "0".repeat(64) })).rejects.toThrow(/corrupt: its sha256 is/);
    await expect(receiveUpload(op, { targetId: folder.id, body: body(artifact) })).rejects.toThrow(/is a sqlite backup and .* is a filesystem target/);

    updateSettings(admin, { uploadMaxBytes: 1024 * 1024 });
    const big = path.join(work, "big.bin");
    fs.writeFileSync(big, crypto.randomBytes(1024 * 1024 + 1));
    const tooBig = receiveUpload(op, { targetId: to.id, body: Readable.from(fs.createReadStream(big)) });
    await expect(tooBig).rejects.toBeInstanceOf(UploadTooLargeError);
    await expect(receiveUpload(op, { targetId: to.id, body: body(big), declaredLength: 2 * 1024 * 1024 })).rejects.toMatchObject({ status: 413 });
    expect(fs.readdirSync(path.join(storage, ".lifeboat-uploads"))).toEqual([]);

    const viewer = userActor("viewer");
    await expect(receiveUpload(viewer, { targetId: to.id, body: body(artifact) })).rejects.toThrow(/needs operator/);
  });
});
