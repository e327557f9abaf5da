import { afterAll, describe, expect } from "vitest";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { RunLog } from "@/lib/engine/process/run-log";
import { serviceTest } from "@/test/services";
import { makeTarget, operator, tmpDir } from "@/test/backup/fixtures";
import { maria, psql, rand } from "@/test/backup/db-helpers";
import type { Driver } from "../backup-types";
import { postgresDriver } from "../postgres/backup";
import { mysqlDriver } from "../mysql/backup";

const pg = await serviceTest("postgres");
const my = await serviceTest("mysql");
const pgDbs: string[] = [];
const myDbs: string[] = [];
afterAll(() => {
  for (const db of pgDbs) psql("test", `drop database if exists "${db}" with (force)`);
  for (const db of myDbs) maria(`drop database if exists \`${db}\``);
});

/** Run a driver for real, keeping every progress report it makes. */
async function reports(driver: Driver, url: string) {
  const seen: { bytes: number; total: number | null | undefined }[] = [];
  const payload = await driver.produce({
    runId: 0,
    target: {} as never,
    app: {} as never,
    source: { url },
    workDir: tmpDir("lb-work-"),
    signal: new AbortController().signal,
    log: new RunLog(0, [], `${tmpDir("lb-log-")}/run.log`),
    progress: (bytes, total) => void seen.push({ bytes, total }),
  });
  return { seen, payload };
}

describe("database dumps report progress against the database size", () => {
  pg("postgres: pg_database_size is the total from the first report; the run ends at the dump's size, never reset", async () => {
    const db = `lifeboat_it_${rand()}`;
    pgDbs.push(db);
    psql("test", `create database ${db}`);
    psql(db, `create table t (id int, note text); insert into t select g, repeat('x', 100) from generate_series(1, 5000) g;`);
    const url = `postgres://root@127.0.0.1:5432/${db}`;
    const size = Number(psql(db, "select pg_database_size(current_database())").trim());
    const { seen, payload } = await reports(postgresDriver, url);
    expect(seen[0]).toEqual({ bytes: 0, total: expect.any(Number) });
    // The database barely changes between the two queries; the driver's figure is the server's.
    expect(Math.abs(seen[0].total! - size) / size).toBeLessThan(0.05);
    expect(seen.every((s) => s.total === seen[0].total)).toBe(true);
    expect(seen.at(-1)!.bytes).toBeGreaterThan(0);

    const t = makeTarget({ type: "postgres", source: { url }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("success");
    const dumpSize = (run.manifest as { payload: { sizeBytes: number } }).payload.sizeBytes;
    expect(payload.kind).toBe("file");
    // One counter over dump + archive, in the dump's own size (not doubled, not restarted).
    expect(run.bytesProcessed).toBe(dumpSize);
    expect(run.totalBytes).toBe(dumpSize);
  });

  my("mysql: data + index length is the total while dumping", async () => {
    const db = `lifeboat_it_${rand()}`;
    myDbs.push(db);
    maria(`create database ${db}`);
    maria(`create table t (id int primary key, note varchar(200)); insert into t select seq, repeat('y', 150) from seq_1_to_3000;`, db);
    const url = `mysql://root@127.0.0.1:3306/${db}`;
    const size = Number(maria(`select sum(data_length + index_length) from information_schema.tables where table_schema = '${db}'`).trim());
    const { seen } = await reports(mysqlDriver, url);
    expect(size).toBeGreaterThan(0);
    expect(seen[0]).toEqual({ bytes: 0, total: expect.any(Number) });
    // InnoDB's data_length is a statistic the server refreshes in the background: of the same order.
    expect(seen[0].total! / size).toBeGreaterThan(0.5);
    expect(seen[0].total! / size).toBeLessThan(2);
    expect(seen.every((s) => s.total === seen[0].total)).toBe(true);

    const t = makeTarget({ type: "mysql", source: { url }, storageRoot: tmpDir("lb-store-") });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("success");
    const dumpSize = (run.manifest as { payload: { sizeBytes: number } }).payload.sizeBytes;
    expect(run.bytesProcessed).toBe(dumpSize);
    expect(run.totalBytes).toBe(dumpSize);
  });
});
