// A failed restore says what happened (a refused entry, a full disk — not "damaged archive"), and
// a failed restore into an alternate destination takes back what it created.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect } from "vitest";
import { test as plainTest } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { maria, psql, rand } from "@/test/backup/db-helpers";
import type { TargetType } from "../../db/schema";
import { craftArtifact, restoreAndWait, uploadFile, userActor, type CraftedEntry } from "../../../test/restore/testing";

/** Upload a crafted artifact to a new target of `type` and restore it to `destination`. */
async function restoreCrafted(type: TargetType, source: Record<string, unknown>, payload: string, entries: CraftedEntry[], destination: Record<string, string>) {
  const admin = userActor("admin");
  const t = makeTarget({ type, source, storageRoot: tmpDir("lb-fail-store-") });
  const file = await craftArtifact(path.join(tmpDir("lb-fail-craft-"), "a.tar"), type, payload, entries);
  const run = await uploadFile(admin, t.id, file);
  return restoreAndWait(admin, { runId: run.id, destination: { mode: "alternate", ...destination }, confirmName: t.name });
}

describe("a refused entry", () => {
  plainTest("a .. path says which entry was refused, and the alternate folder the restore created is removed", async () => {
    const dest = path.join(tmpDir("lb-fail-dest-"), "new", "restored");
    const r = await restoreCrafted("filesystem", { path: tmpDir("lb-fail-src-") }, "files/", [
      { name: "files/first.txt", body: "written before the refusal" },
      { name: "files/../escape", body: "x" },
    ], { path: dest });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toBe('Refusing entry "files/../escape": it would leave the destination folder');
    expect(fs.existsSync(path.dirname(dest))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(dest), "..", "escape"))).toBe(false);
  });
});

describe("disk full during a restore (ENOSPC on a real 2 MiB tmpfs)", () => {
  const mnt = tmpDir("lb-restore-tmpfs-");
  let mounted = false;
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt]);
    mounted = true;
  } catch {
    /* not root: the tests below fail loudly rather than skipping */
  }
  afterAll(() => {
    if (mounted) execFileSync("umount", [mnt]);
  });
  const big = crypto.randomBytes(4 * 1024 * 1024);

  plainTest("a folder restore says the disk is full and removes the folder it created", async () => {
    expect(mounted, "mount -t tmpfs needs root").toBe(true);
    const r = await restoreCrafted("filesystem", { path: tmpDir("lb-fail-src-") }, "files/", [
      { name: "files/small.txt", body: "fits" },
      { name: "files/big.bin", body: big },
    ], { path: path.join(mnt, "restored") });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toBe("The destination's disk is full: no space left while writing files/big.bin");
    expect(fs.readdirSync(mnt)).toEqual([]);
  });

  plainTest("an SQLite restore says the disk is full and leaves no file behind", async () => {
    expect(mounted, "mount -t tmpfs needs root").toBe(true);
    const file = path.join(mnt, "restored.sqlite");
    const r = await restoreCrafted("sqlite", { path: path.join(tmpDir("lb-fail-src-"), "x.sqlite") }, "database.sqlite", [
      { name: "database.sqlite", body: big },
    ], { path: file });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toBe(`The destination's disk is full: no space left while writing ${file}`);
    expect(fs.readdirSync(mnt)).toEqual([]);
  });
});

describe("a database the failed restore created is dropped", async () => {
  const pgTest = await serviceTest("postgres");
  const myTest = await serviceTest("mysql");

  pgTest("PostgreSQL alternate database", async () => {
    const name = `lb_fail_${rand()}`;
    const r = await restoreCrafted("postgres", { url: "postgres://postgres@127.0.0.1:5432/test" }, "database.dump", [
      { name: "database.dump", body: "this is not a pg_dump archive" },
    ], { database: name });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/pg_restore failed/);
    expect(psql("postgres", `select count(*) from pg_database where datname = '${name}'`).trim()).toBe("0");
  });

  myTest("MariaDB alternate database", async () => {
    const name = `lb_fail_${rand()}`;
    const r = await restoreCrafted("mysql", { url: "mysql://root@127.0.0.1:3306/test" }, "database.sql", [
      // A statement the dump check lets through and the server refuses (nonsense is refused earlier).
      { name: "database.sql", body: "INSERT INTO no_such_table VALUES (1);\n" },
    ], { database: name });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/mariadb failed/);
    expect(maria(`select count(*) from information_schema.schemata where schema_name = '${name}'`).trim()).toBe("0");
  });
});
