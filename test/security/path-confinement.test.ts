// Restore destinations are typed by operators (who can also upload the artifact restored there):
// Lifeboat's own data folder must never be one, and rdb_file mode only overwrites Redis data files.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import type { Target } from "@/lib/db/schema";
import { resolveDestination } from "@/lib/engine/restore/destination";
import { backupNow, userActor } from "@/test/restore/testing";
import { startRestore } from "@/lib/services/restores/create";
import { getRestorePreview } from "@/lib/services/restores/preview";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import Database from "better-sqlite3";

const target = (type: Target["type"]) => ({ type }) as Target;
const dataDir = () => env().dataDir;

describe("restore destinations stay out of Lifeboat's data folder", () => {
  it("refuses an alternate SQLite file, folder or RDB file inside the data folder", () => {
    const sqlite = target("sqlite");
    expect(() => resolveDestination(sqlite, { path: "/srv/app.sqlite" }, { mode: "alternate", path: path.join(dataDir(), "lifeboat.db") })).toThrow(
      /Lifeboat's own data folder/,
    );
    expect(() => resolveDestination(target("filesystem"), { path: "/srv/files" }, { mode: "alternate", path: path.join(dataDir(), "new-folder") })).toThrow(
      /Lifeboat's own data folder/,
    );
    expect(() => resolveDestination(target("script"), { path: "/srv/x" }, { mode: "alternate", path: dataDir() })).toThrow(/Lifeboat's own data folder/);
    expect(() => resolveDestination(target("redis"), { url: "redis://127.0.0.1:6379/0" }, { mode: "rdb_file", path: path.join(dataDir(), "dump.rdb") })).toThrow(
      /Lifeboat's own data folder/,
    );
    // ".." in the typed path resolves before the check.
    const sneaky = path.join(path.dirname(dataDir()), "elsewhere", "..", path.basename(dataDir()), "x.sqlite");
    expect(() => resolveDestination(sqlite, { path: "/srv/app.sqlite" }, { mode: "alternate", path: sneaky })).toThrow(/data folder/);
  });

  it("follows symlinks: a link elsewhere that leads into the data folder is refused", () => {
    const dir = tmpDir("lb-conf-link-");
    fs.symlinkSync(dataDir(), path.join(dir, "innocent"));
    expect(() =>
      resolveDestination(target("sqlite"), { path: "/srv/app.sqlite" }, { mode: "alternate", path: path.join(dir, "innocent", "auth-secret.sqlite") }),
    ).toThrow(/Lifeboat's own data folder/);
    expect(() => resolveDestination(target("filesystem"), { path: "/srv/f" }, { mode: "alternate", path: path.join(dir, "innocent", "sub", "deeper") })).toThrow(
      /Lifeboat's own data folder/,
    );
  });

  it("rdb_file mode overwrites only *.rdb files", () => {
    const dir = tmpDir("lb-conf-rdb-");
    const redis = target("redis");
    const src = { url: "redis://127.0.0.1:6379/0" };
    expect(() => resolveDestination(redis, src, { mode: "rdb_file", path: "/root/.ssh/authorized_keys" })).toThrow(/ends in \.rdb/);
    expect(() => resolveDestination(redis, src, { mode: "rdb_file", path: "/etc/passwd" })).toThrow(/ends in \.rdb/);
    expect(resolveDestination(redis, src, { mode: "rdb_file", path: path.join(dir, "dump.rdb") })).toEqual({ type: "redis", kind: "rdb_file", path: path.join(dir, "dump.rdb"), original: false, serverId: null });
  });

  it("still accepts ordinary alternate places outside the data folder", () => {
    const dir = tmpDir("lb-conf-ok-");
    expect(resolveDestination(target("sqlite"), { path: "/srv/app.sqlite" }, { mode: "alternate", path: path.join(dir, "copy.sqlite") })).toMatchObject({
      kind: "sqlite",
      original: false,
    });
  });

  it("startRestore refuses the data folder before anything is written; the preview shows why", async () => {
    const op = userActor("operator");
    const dir = tmpDir("lb-conf-live-");
    const file = path.join(dir, "app.sqlite");
    const db = new Database(file);
    db.exec("create table items(id integer primary key, name text); insert into items(name) values ('one')");
    db.close();
    const t = makeTarget({ type: "sqlite", source: { path: file }, storageRoot: tmpDir("lb-conf-store-") });
    const run = await backupNow(op, t.id);
    const evil = path.join(dataDir(), "planted.sqlite");
    await expect(startRestore(op, { runId: run.id, destination: { mode: "alternate", path: evil }, confirmName: t.name })).rejects.toThrow(
      /Lifeboat's own data folder/,
    );
    expect(fs.existsSync(evil)).toBe(false);
    const preview = await getRestorePreview(op, run.id, { mode: "alternate", path: evil });
    expect(preview.destination.error).toMatch(/Lifeboat's own data folder/);
    expect(preview.destination.state).toBeNull();
  });

  it("the read-only preview does not let a viewer probe other places on the server", async () => {
    const op = userActor("operator");
    const viewer = userActor("viewer");
    const dir = tmpDir("lb-conf-probe-");
    const file = path.join(dir, "app.sqlite");
    const db = new Database(file);
    db.exec("create table secret_table(id integer primary key); insert into secret_table default values");
    db.close();
    const t = makeTarget({ type: "sqlite", source: { path: path.join(tmpDir("lb-conf-src-"), "src.sqlite") }, storageRoot: tmpDir("lb-conf-store2-") });
    new Database(String((t.source as { path: string }).path)).exec("create table a(id integer)");
    const run = await backupNow(op, t.id);
    // Another SQLite file on the server: its tables must not be listed to a viewer.
    const asViewer = await getRestorePreview(viewer, run.id, { mode: "alternate", path: file });
    expect(asViewer.destination.state).toBeNull();
    expect(asViewer.destination.error).toMatch(/Only operators and admins/);
    expect(JSON.stringify(asViewer)).not.toContain("secret_table");
    // The original destination (the target's own data) stays visible to viewers.
    expect((await getRestorePreview(viewer, run.id, { mode: "original" })).destination.state).not.toBeNull();
    // Operators may check another place before restoring there.
    const asOperator = await getRestorePreview(op, run.id, { mode: "alternate", path: file });
    expect(asOperator.destination.state?.tables?.map((x) => x.name)).toContain("secret_table");
  });
});
