import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, runRow, userActor } from "../../../../test/restore/testing";
import { runTestRestore } from "../../../services/restores/start-test";
import { verifyRun } from "../../../services/restores/verify-run";
import { artifactFileOf } from "../../restore/paths";
import { getDb } from "../../../db/client";
import { auditLog, events } from "../../../db/schema";

function liveDb(dir: string): string {
  const file = path.join(dir, "app.sqlite");
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.exec("create table items(id integer primary key, name text); insert into items(name) values ('one'),('two'),('three')");
  db.close();
  return file;
}
const names = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("select name from items order by id").pluck().all() as string[]).join(",");
  } finally {
    db.close();
  }
};

describe("SQLite restore round trip", () => {
  test("restore replaces the file atomically, safety backup holds the change, roll back brings it back", async () => {
    const op = userActor("operator");
    const dir = tmpDir("lb-sqlite-live-");
    const file = liveDb(dir);
    const t = makeTarget({ type: "sqlite", source: { path: file }, storageRoot: tmpDir("lb-sqlite-store-") });
    const base = await backupNow(op, t.id);

    const db = new Database(file);
    db.exec("update items set name='changed' where id=1; insert into items(name) values ('four')");
    db.close();

    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(names(file)).toBe("one,two,three");
    expect(fs.readdirSync(dir).filter((f) => f.includes("lifeboat-restore"))).toEqual([]);
    const safety = runRow(r.safetyRunId!);
    expect((safety.manifest as { payload: { tables: unknown[] } }).payload.tables).toEqual([{ name: "items", rows: 4 }]);

    const back = await restoreAndWait(op, { runId: safety.id, destination: { mode: "original" }, confirmName: t.name });
    expect(back.errorSummary).toBeNull();
    expect(names(file)).toBe("changed,two,three,four");

    const alt = path.join(tmpDir("lb-sqlite-alt-"), "copy.sqlite");
    const a = await restoreAndWait(op, { runId: base.id, destination: { mode: "alternate", path: alt }, confirmName: t.name });
    expect(a.errorSummary).toBeNull();
    expect(names(alt)).toBe("one,two,three");

    const verified = await runTestRestore(op, base.id);
    expect(verified.errorSummary).toBeNull();
    expect(runRow(base.id).verifyMessage).toMatch(/integrity ok; 1 table\(s\), 3 rows/);
    const ev = getDb().select().from(events).all().map((e) => e.type);
    expect(ev).toContain("restore.success");
  });

  test("a corrupted artifact (one flipped byte) is refused at verify and the restore touches nothing", async () => {
    const op = userActor("operator");
    const dir = tmpDir("lb-sqlite-live-");
    const file = liveDb(dir);
    const t = makeTarget({ type: "sqlite", source: { path: file }, storageRoot: tmpDir("lb-sqlite-store-") });
    const base = await backupNow(op, t.id);
    const good = await verifyRun(op, base.id);
    expect(good.ok).toBe(true);

    const artifact = artifactFileOf(base);
    const bytes = fs.readFileSync(artifact);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    fs.writeFileSync(artifact, bytes);

    const bad = await verifyRun(op, base.id);
    expect(bad.ok).toBe(false);
    expect(bad.message).toMatch(/Checksum mismatch/);
    expect(runRow(base.id)).toMatchObject({ verifyStatus: "failed" });
    expect(getDb().select().from(auditLog).all().filter((a) => a.action === "run.verify")).toHaveLength(2);

    const db = new Database(file);
    db.exec("insert into items(name) values ('after')");
    db.close();
    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.status).toBe("failed");
    expect(r.errorSummary).toMatch(/Checksum mismatch.*Nothing was changed/);
    expect(r.safetyRunId).toBeNull();
    expect(names(file)).toBe("one,two,three,after");
    expect(getDb().select().from(events).all().map((e) => e.type)).toContain("restore.failed");
  });
});

describe("scheduled test restores", () => {
  test("a test_restore slot test-restores the newest artifact; no artifact records test_restore.failed", async () => {
    const { scheduledTestRestore } = await import("../../restore/scheduled-test");
    const { waitForRestore } = await import("../../../../test/restore/testing");
    const op = userActor("operator");
    const file = liveDb(tmpDir("lb-sqlite-live-"));
    const t = makeTarget({ type: "sqlite", source: { path: file }, storageRoot: tmpDir("lb-sqlite-store-") });
    const none = await scheduledTestRestore({ targetId: t.id, scheduleId: 1 });
    expect(none).toBeNull();
    expect(getDb().select().from(events).all().filter((e) => e.type === "test_restore.failed" && e.targetId === t.id)).toHaveLength(1);

    const base = await backupNow(op, t.id);
    const started = (await scheduledTestRestore({ targetId: t.id, scheduleId: 1 })) as { restoreId: number };
    const done = await waitForRestore(started.restoreId);
    expect(done).toMatchObject({ kind: "test", status: "success" });
    expect(runRow(base.id).verifyStatus).toBe("restore-verified");
  });
});
