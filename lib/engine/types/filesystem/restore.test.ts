import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, runRow, userActor } from "../../../../test/restore/testing";
import { runTestRestore } from "../../../services/restores/start-test";
import { getRestorePreview, searchRunPaths } from "../../../services/restores/preview";
import { startRestore } from "../../../services/restores/create";
import { artifactFileOf } from "../../restore/paths";
import { folderRestore, safeRelative } from "./folder-restore";
import { RunLog } from "../../process/run-log";
import { readManifest } from "../../archive/read";
import { getDb } from "../../../db/client";
import { auditLog } from "../../../db/schema";

function tree(): string {
  const root = tmpDir("lb-folder-live-");
  fs.mkdirSync(path.join(root, "docs/sub"), { recursive: true });
  fs.writeFileSync(path.join(root, "a.txt"), "alpha");
  fs.writeFileSync(path.join(root, "docs/b.txt"), "bravo");
  fs.writeFileSync(path.join(root, "docs/sub/ü c.txt"), "charlie");
  fs.symlinkSync("docs/b.txt", path.join(root, "link"));
  return root;
}
const fingerprint = (root: string) =>
  execFileSync("bash", ["-c", `cd "$1" && find . -mindepth 1 -printf '%P|%y|%l\\n' | sort && find . -type f -print0 | sort -z | xargs -0 -r sha256sum`, "_", root]).toString();

describe("folder restore", () => {
  test("restore into place (deleting extras), safety backup holds the change, roll back, alternate folder, preview search", async () => {
    const op = userActor("operator");
    const src = tree();
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-folder-store-") });
    const base = await backupNow(op, t.id);
    const original = fingerprint(src);

    const preview = await getRestorePreview(op, base.id);
    expect(preview.contents).toEqual({ kind: "folder", fileCount: 4, totalBytes: 17 });
    const found = await searchRunPaths(op, base.id, "B.TXT", 1);
    expect(found.items.map((p) => p.path)).toEqual(["docs/b.txt"]);
    expect((await searchRunPaths(op, base.id, "", 1)).total).toBe(6);

    fs.writeFileSync(path.join(src, "a.txt"), "changed");
    fs.writeFileSync(path.join(src, "extra.txt"), "new file");
    fs.rmSync(path.join(src, "docs/sub"), { recursive: true });
    const changed = fingerprint(src);

    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "original", deleteExtra: true }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(fingerprint(src)).toBe(original);

    const safety = runRow(r.safetyRunId!);
    expect(safety.status).toBe("success");
    const back = await restoreAndWait(op, { runId: safety.id, destination: { mode: "original", deleteExtra: true }, confirmName: t.name });
    expect(back.errorSummary).toBeNull();
    expect(fingerprint(src)).toBe(changed);

    const alt = path.join(tmpDir("lb-folder-alt-"), "restored");
    const a = await restoreAndWait(op, { runId: base.id, destination: { mode: "alternate", path: alt }, confirmName: t.name });
    expect(a.errorSummary).toBeNull();
    expect(fingerprint(alt)).toBe(original);

    const verified = await runTestRestore(op, base.id);
    expect(verified.errorSummary).toBeNull();
    expect(runRow(base.id).verifyMessage).toMatch(/4 file\(s\), 17 bytes match; 1 sampled file checksum\(s\) match/);
  });

  test("a restore that fails half way says why, and the safety backup holds the state before it", async () => {
    const op = userActor("operator");
    const src = tree();
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-folder-store-") });
    const base = await backupNow(op, t.id);
    // After the backup, docs/ becomes a symlink pointing outside: the restore must not write through it.
    const outside = tmpDir("lb-outside-");
    fs.writeFileSync(path.join(src, "a.txt"), "changed");
    fs.rmSync(path.join(src, "docs"), { recursive: true });
    fs.symlinkSync(outside, path.join(src, "docs"));

    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/Refusing to write through the symlink docs/);
    expect(fs.readdirSync(outside)).toEqual([]);
    expect(fs.readFileSync(path.join(src, "a.txt"), "utf8")).toBe("alpha"); // written before the failure

    const safety = runRow(r.safetyRunId!);
    expect(safety.status).toBe("success");
    const m = await readManifest(artifactFileOf(safety));
    expect(m.payload.name).toBe("files/");
    const check = tmpDir("lb-safety-check-");
    execFileSync("tar", ["--zstd", "-xf", artifactFileOf(safety), "-C", check]);
    expect(fs.readFileSync(path.join(check, "files/a.txt"), "utf8")).toBe("changed");
    expect(fs.readlinkSync(path.join(check, "files/docs"))).toBe(outside);
  });

  test("a failed safety backup stops the restore; an admin override goes on and is audited", async () => {
    const op = userActor("operator");
    const admin = userActor("admin");
    const src = tree();
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-folder-store-") });
    const base = await backupNow(op, t.id);
    fs.rmSync(src, { recursive: true });

    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/Safety backup run #\d+ ended failed.*The restore did not start/);
    expect(fs.existsSync(src)).toBe(false);

    await expect(startRestore(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name, override: true, overrideConfirm: t.name })).rejects.toThrow(
      /Only an admin/,
    );
    const o = await restoreAndWait(admin, { runId: base.id, destination: { mode: "original" }, confirmName: t.name, override: true, overrideConfirm: t.name });
    expect(o.errorSummary).toBeNull();
    expect(o.safetyOverride).toBe(true);
    const audit = getDb().select().from(auditLog).all();
    expect(audit.filter((a) => a.action === "restore.override").map((a) => a.entityId)).toEqual([String(o.id)]);
    expect(audit.filter((a) => a.action === "restore.execute" && (a.after as { targetId: number }).targetId === t.id).length).toBe(2);
    expect(fs.readFileSync(path.join(src, "docs/b.txt"), "utf8")).toBe("bravo");
  });

  test("entries with .. or absolute paths are refused", async () => {
    expect(() => safeRelative("files/../etc/passwd")).toThrow(/leave the destination/);
    expect(() => safeRelative("files//etc/passwd")).toThrow(/absolute/);
    expect(safeRelative("files/a/b")).toBe("a/b");
    expect(safeRelative("manifest.json")).toBeNull();
    // A hand-made artifact with a "files/../escape" entry stops before writing outside.
    const work = tmpDir("lb-evil-");
    fs.mkdirSync(path.join(work, "files"));
    fs.writeFileSync(path.join(work, "manifest.json"), "{}");
    fs.writeFileSync(path.join(work, "escape"), "x");
    const artifact = path.join(work, "evil.tar");
    execFileSync("tar", ["-cf", artifact, "-C", work, "manifest.json", "files", "--transform", "s,^escape,files/../escape,", "escape"]);
    const dest = tmpDir("lb-evil-dest-");
    const log = new RunLog(0, [], path.join(work, "log"));
    await expect(
      folderRestore({ artifact, manifest: {} as never, log, signal: new AbortController().signal, workDir: work }, path.join(dest, "in")),
    ).rejects.toThrow(/leave the destination/);
    expect(fs.existsSync(path.join(dest, "escape"))).toBe(false);
  });
});
