import fs from "node:fs";
import path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import Database from "better-sqlite3";
import { describe, expect, test } from "vitest";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { makeTarget, operator, sha256sumCheck, tmpDir, unpack } from "@/test/backup/fixtures";

// Another process keeps writing pairs of rows (one per table, in one transaction) during the backup.
const WRITER = `
const Database = require(${JSON.stringify(require.resolve("better-sqlite3"))});
const db = new Database(process.argv[1]);
db.pragma("journal_mode = WAL");
db.pragma("busy_timeout = 5000");
const a = db.prepare("insert into a (payload) values (?)"), b = db.prepare("insert into b (payload) values (?)");
const pair = db.transaction((p) => { a.run(p); b.run(p); });
process.stdout.write("ready\\n");
for (;;) pair("x".repeat(200));
`;

describe("sqlite driver", () => {
  test("online backup of a file another process is writing is consistent and restorable", async () => {
    const dir = tmpDir("lb-sqlite-");
    const file = path.join(dir, "app.db");
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.exec("create table a (id integer primary key, payload text); create table b (id integer primary key, payload text);");
    const fill = db.transaction(() => {
      for (let i = 0; i < 20000; i++) {
        db.prepare("insert into a (payload) values (?)").run("y".repeat(200));
        db.prepare("insert into b (payload) values (?)").run("y".repeat(200));
      }
    });
    fill();
    db.close();
    const writer = spawn(process.execPath, ["-e", WRITER, file], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((r) => writer.stdout!.once("data", () => r()));
    try {
      const t = makeTarget({ type: "sqlite", source: { path: file }, storageRoot: tmpDir("lb-store-") });
      const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
      expect(run.errorSummary).toBeNull();
      expect(run.status).toBe("success");
      const art = artifactAbsolutePath(run.storageRoot!, run.artifactPath!);
      expect(sha256sumCheck(art)).toContain(": OK");
      const out = unpack(art);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
      const [a, b] = manifest.payload.tables as { name: string; rows: number }[];
      expect(a.name).toBe("a");
      expect(a.rows).toBeGreaterThanOrEqual(20000);
      // A consistent snapshot never holds half a pair.
      expect(b.rows).toBe(a.rows);
      // Restore = the file itself; check it with the sqlite3 CLI.
      const restored = path.join(dir, "restored.db");
      fs.copyFileSync(path.join(out, "database.sqlite"), restored);
      expect(execFileSync("sqlite3", [restored, "pragma integrity_check"]).toString().trim()).toBe("ok");
      expect(execFileSync("sqlite3", [restored, "select count(*) from a; select count(*) from b"]).toString().trim().split("\n")).toEqual([
        String(a.rows),
        String(a.rows),
      ]);
    } finally {
      writer.kill("SIGKILL");
    }
  });

  test("a missing database file fails with a clear reason", async () => {
    const t = makeTarget({ type: "sqlite", source: { path: "/nonexistent/app.db" }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 30_000);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toBe("SQLite database file not found: /nonexistent/app.db");
  });
});
