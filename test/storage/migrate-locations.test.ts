import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { closeDb, dbFile, getDb, openDb } from "@/lib/db/client";
import { orphanArtifacts, runs, storageLocations } from "@/lib/db/schema";
import { getSettings } from "@/lib/settings/settings";
import { migrateStorageLocations } from "@/lib/engine/storage/migrate-locations";
import { backendOf } from "@/lib/engine/storage/locations";

// A database as the previous release left it (every migration before storage_locations), with absolute storage roots.
function databaseAtPreviousMigration(file: string): void {
  const src = path.join(process.cwd(), "drizzle");
  const old = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-mig-"));
  fs.cpSync(src, old, { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(old, "meta/_journal.json"), "utf8"));
  const mine = journal.entries.findIndex((e: { tag: string }) => e.tag.endsWith("_storage_locations"));
  journal.entries = journal.entries.slice(0, mine);
  fs.writeFileSync(path.join(old, "meta/_journal.json"), JSON.stringify(journal));
  process.env.LIFEBOAT_MIGRATIONS_DIR = old;
  try {
    openDb(file).$client.close();
  } finally {
    delete process.env.LIFEBOAT_MIGRATIONS_DIR;
    fs.rmSync(old, { recursive: true, force: true });
  }
}

describe("[STORAGE] the storage-location migration", () => {
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-elsewhere-"));
  const own = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-own-"));
  let defaultDir: string;

  beforeAll(() => {
    closeDb();
    fs.rmSync(dbFile(), { force: true });
    databaseAtPreviousMigration(dbFile());
  });
  afterAll(() => {
    fs.rmSync(elsewhere, { recursive: true, force: true });
    fs.rmSync(own, { recursive: true, force: true });
  });

  it("turns folders into locations and absolute roots into keys, never dropping a row", () => {
    // Inserting through the old schema's columns: the database is still at 0006 until getDb() opens it.
    const raw = new Sqlite(dbFile());
    defaultDir = path.join(path.dirname(dbFile()), "backups");
    raw.prepare("INSERT INTO apps (id, name) VALUES (1, 'shop')").run();
    raw.prepare("INSERT INTO targets (id, app_id, name, type, source, storage_root) VALUES (1, 1, 'db', 'sqlite', '{}', NULL), (2, 1, 'files', 'filesystem', '{}', ?)").run(own);
    const run = raw.prepare("INSERT INTO runs (id, target_id, trigger, status, queued_at, storage_root, artifact_path, artifact_state) VALUES (?, 1, 'manual', 'success', 0, ?, ?, ?)");
    run.run(1, defaultDir, "shop/db/2025-01-01/a.tar.zst", "present");
    run.run(2, path.join(defaultDir, "shop"), "db/b.tar.zst", "pruned");
    run.run(3, elsewhere, "c.tar.zst", "present");
    run.run(4, null, "/srv/backups/x.tgz", "external");
    run.run(5, null, "shop/db/e.tar.zst", "present");
    run.run(6, defaultDir, "../evil.tar", "present");
    run.run(7, own, "shop/files/f.tar.zst", "present");
    raw.prepare("INSERT INTO orphan_artifacts (storage_root, artifact_path, app_name, target_name, orphaned_at) VALUES (?, 'old/o.tar.zst', 'gone', 'gone', 0)").run(elsewhere);
    raw.close();

    const m = migrateStorageLocations(getDb());
    const locs = getDb().select().from(storageLocations).orderBy(storageLocations.id).all();
    expect(locs.map((l) => [l.name, l.kind, l.settings.path])).toEqual([
      ["Local", "local", path.resolve(getSettings().defaultStorageDir)],
      [`Local ${own}`, "local", own],
      [`Local ${elsewhere}`, "local", elsewhere],
    ]);
    expect(m.created).toEqual(locs.map((l) => l.name));
    const [local, ownLoc, elsewhereLoc] = locs;
    const byId = (id: number) => getDb().select().from(runs).where(eq(runs.id, id)).get()!;
    expect(byId(1)).toMatchObject({ storageId: local.id, artifactPath: "shop/db/2025-01-01/a.tar.zst", storageRoot: defaultDir, artifactState: "present" });
    // A root under a known folder: the key is the path from that folder.
    expect(byId(2)).toMatchObject({ storageId: local.id, artifactPath: "shop/db/b.tar.zst", storageRoot: defaultDir, artifactState: "pruned" });
    expect(byId(3)).toMatchObject({ storageId: elsewhereLoc.id, artifactPath: "c.tar.zst" });
    expect(byId(4)).toMatchObject({ storageId: null, artifactPath: "/srv/backups/x.tgz", artifactState: "external" });
    expect(byId(5)).toMatchObject({ storageId: local.id, artifactPath: "shop/db/e.tar.zst" });
    expect(byId(6)).toMatchObject({ storageId: null, artifactPath: "../evil.tar", artifactState: "present" });
    expect(byId(7)).toMatchObject({ storageId: ownLoc.id, artifactPath: "shop/files/f.tar.zst" });
    expect(m.skippedRuns).toEqual([6]);
    expect(getDb().select().from(orphanArtifacts).get()).toMatchObject({ storageId: elsewhereLoc.id, artifactPath: "old/o.tar.zst" });
    expect(backendOf(elsewhereLoc.id).localPath!("c.tar.zst")).toBe(path.join(elsewhere, "c.tar.zst"));

    // Idempotent: a second start-up finds nothing to do.
    expect(migrateStorageLocations(getDb())).toEqual({ created: [], runs: 0, orphans: 0, skippedRuns: [6] });
  });
});
