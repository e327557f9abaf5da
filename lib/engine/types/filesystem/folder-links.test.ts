// Hard links in an uploaded folder artifact may only point at files the same restore wrote: an
// operator must not be able to link the console's own files (its database, its secrets) into a
// folder that the next backup hands out.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { env } from "../../../env";
import { getDb } from "../../../db/client";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { craftArtifact, restoreAndWait, uploadFile, userActor, type CraftedEntry } from "../../../../test/restore/testing";

// The console's own database file (getDb() creates it): what an attacker would link out.
const secret = () => (getDb(), path.join(env().dataDir, "lifeboat.db"));

/** Upload a crafted folder artifact and restore it into a new alternate folder. */
async function restoreCrafted(entries: CraftedEntry[]) {
  const op = userActor("operator");
  const t = makeTarget({ type: "filesystem", source: { path: tmpDir("lb-hl-src-") }, storageRoot: tmpDir("lb-hl-store-") });
  const file = await craftArtifact(path.join(tmpDir("lb-hl-craft-"), "evil.tar"), "filesystem", "files/", entries);
  const run = await uploadFile(op, t.id, file);
  const dest = path.join(tmpDir("lb-hl-dest-"), "restored");
  const r = await restoreAndWait(op, { runId: run.id, destination: { mode: "alternate", path: dest }, confirmName: t.name });
  return { r, dest };
}

describe("hard links in an uploaded folder artifact", () => {
  test("a hard link through a symlink the archive created is refused; nothing of the console is linked", async () => {
    const before = fs.statSync(secret()).nlink;
    const { r, dest } = await restoreCrafted([
      { name: "files/ok.txt", body: "fine" },
      { name: "files/sl", type: "symlink", linkname: env().dataDir },
      { name: "files/stolen", type: "link", linkname: "files/sl/lifeboat.db" },
    ]);
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/Refusing hard link "files\/stolen" → "files\/sl\/lifeboat\.db": sl is a symlink/);
    expect(r.errorSummary).not.toMatch(/damaged/);
    expect(fs.statSync(secret()).nlink).toBe(before);
    // The alternate folder the failed restore created is gone again.
    expect(fs.existsSync(dest)).toBe(false);
  });

  test("a hard link to a symlink (itself pointing at the console's data) is refused", async () => {
    const { r, dest } = await restoreCrafted([
      { name: "files/sym", type: "symlink", linkname: secret() },
      { name: "files/stolen", type: "link", linkname: "files/sym" },
    ]);
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/Refusing hard link "files\/stolen".*sym is a symlink/);
    expect(fs.existsSync(dest)).toBe(false);
  });

  test("a hard link to a path that a later entry replaced is refused", async () => {
    const { r } = await restoreCrafted([
      { name: "files/a", body: "mine" },
      { name: "files/a", type: "symlink", linkname: secret() },
      { name: "files/stolen", type: "link", linkname: "files/a" },
    ]);
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/Refusing hard link "files\/stolen" → "files\/a": a is a symlink/);
  });

  test("a hard link outside files/, or to a file the restore did not write, is refused", async () => {
    for (const linkname of ["/etc/passwd", "files/../../etc/passwd", env().dataDir + "/lifeboat.db"]) {
      const { r } = await restoreCrafted([{ name: "files/stolen", type: "link", linkname }]);
      expect(r.status, linkname).toBe("failed");
      expect(r.errorSummary, linkname).toMatch(/Refusing (hard link|entry)/);
      expect(r.errorSummary, linkname).not.toMatch(/damaged/);
    }
    // A folder the archive names but never wrote the file of: "x" is there, "x/old" is not ours.
    const { r } = await restoreCrafted([
      { name: "files/x/", type: "directory", mode: 0o755 },
      { name: "files/y", type: "link", linkname: "files/x" },
    ]);
    expect(r.errorSummary).toMatch(/Refusing hard link "files\/y" → "files\/x": x is not a regular file/);
  });

  test("a hard link to a file that was in the destination before the restore is refused", async () => {
    const op = userActor("operator");
    const src = tmpDir("lb-hl-src-");
    fs.writeFileSync(path.join(src, "private.txt"), "not from the artifact");
    const t = makeTarget({ type: "filesystem", source: { path: src }, storageRoot: tmpDir("lb-hl-store-") });
    const file = await craftArtifact(path.join(tmpDir("lb-hl-craft-"), "evil.tar"), "filesystem", "files/", [
      { name: "files/copy", type: "link", linkname: "files/private.txt" },
    ]);
    const run = await uploadFile(op, t.id, file);
    const r = await restoreAndWait(op, { runId: run.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.errorSummary).toMatch(/Refusing hard link "files\/copy" → "files\/private\.txt": a hard link may only point at a file restored earlier/);
    expect(fs.existsSync(path.join(src, "copy"))).toBe(false);
    expect(fs.statSync(path.join(src, "private.txt")).nlink).toBe(1);
  });

  test("an ordinary hard link to a file restored just before is kept as a hard link", async () => {
    const { r, dest } = await restoreCrafted([
      { name: "files/d/a.txt", body: "shared" },
      { name: "files/b.txt", type: "link", linkname: "files/d/a.txt" },
    ]);
    expect(r.errorSummary).toBeNull();
    const a = fs.statSync(path.join(dest, "d/a.txt"));
    const b = fs.statSync(path.join(dest, "b.txt"));
    expect([b.ino, b.nlink]).toEqual([a.ino, 2]);
    expect(fs.readFileSync(path.join(dest, "b.txt"), "utf8")).toBe("shared");
  });
});
