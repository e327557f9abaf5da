// Special bits and owners from an uploaded artifact must not come back (a root-owned 6755 file
// is a way to root); device files and FIFOs are never created. A backup this console made, restored
// as root, keeps them, as a backup tool should.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, craftArtifact, restoreAndWait, uploadFile, userActor } from "../../../../test/restore/testing";
import { restoreLogPath } from "../../restore/paths";

const mode = (p: string) => fs.lstatSync(p).mode & 0o7777;

describe("modes and owners on restore", () => {
  test("an uploaded artifact loses setuid/setgid/sticky bits and owners; devices and FIFOs are skipped and logged", async () => {
    expect(process.getuid?.(), "these checks mean something only when the console runs as root").toBe(0);
    const op = userActor("operator");
    const t = makeTarget({ type: "filesystem", source: { path: tmpDir("lb-meta-src-") }, storageRoot: tmpDir("lb-meta-store-") });
    const file = await craftArtifact(path.join(tmpDir("lb-meta-craft-"), "evil.tar"), "filesystem", "files/", [
      { name: "files/rootshell", body: "#!/bin/sh\n", mode: 0o6755, uid: 0, gid: 0 },
      { name: "files/open/", type: "directory", mode: 0o7777 },
      { name: "files/open/theirs.txt", body: "x", mode: 0o640, uid: 1234, gid: 1234 },
      { name: "files/pipe", type: "fifo", mode: 0o666 },
      { name: "files/null", type: "character-device", mode: 0o666 },
    ]);
    const run = await uploadFile(op, t.id, file);
    const dest = path.join(tmpDir("lb-meta-dest-"), "restored");
    const r = await restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", path: dest }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(mode(path.join(dest, "rootshell"))).toBe(0o755);
    expect(mode(path.join(dest, "open"))).toBe(0o777);
    expect(mode(path.join(dest, "open/theirs.txt"))).toBe(0o640);
    expect(fs.statSync(path.join(dest, "open/theirs.txt")).uid).toBe(process.getuid!());
    expect(fs.existsSync(path.join(dest, "pipe"))).toBe(false);
    expect(fs.existsSync(path.join(dest, "null"))).toBe(false);
    const log = fs.readFileSync(restoreLogPath(r.id), "utf8");
    expect(log).toMatch(/Skipped pipe: a fifo entry; device files and FIFOs are never restored/);
    expect(log).toMatch(/Skipped null: a character-device entry; device files and FIFOs are never restored/);
  });

  test("a backup made by this console, restored as root, keeps special bits and owners", async () => {
    const op = userActor("operator");
    const src = tmpDir("lb-meta-own-");
    fs.writeFileSync(path.join(src, "tool"), "#!/bin/sh\n");
    fs.chownSync(path.join(src, "tool"), 1234, 1234);
    fs.chmodSync(path.join(src, "tool"), 0o6755);
    fs.mkdirSync(path.join(src, "shared"));
    fs.chmodSync(path.join(src, "shared"), 0o1777);
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-meta-store-") });
    const base = await backupNow(op, t.id);
    const dest = path.join(tmpDir("lb-meta-dest-"), "restored");
    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "alternate", path: dest }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    const tool = fs.statSync(path.join(dest, "tool"));
    expect([tool.mode & 0o7777, tool.uid, tool.gid]).toEqual([0o6755, 1234, 1234]);
    expect(mode(path.join(dest, "shared"))).toBe(0o1777);
  });
});
