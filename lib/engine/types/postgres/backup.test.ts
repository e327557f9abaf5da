import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, describe, expect } from "vitest";
import { enqueueRun } from "@/lib/services/runs/trigger";
import { waitForRun } from "@/lib/engine/runs/wait";
import { artifactAbsolutePath } from "@/lib/engine/storage/local";
import { serviceTest } from "@/test/services";
import { makeTarget, operator, sha256sumCheck, tmpDir, unpack } from "@/test/backup/fixtures";
import { psql, rand } from "@/test/backup/db-helpers";

const test = await serviceTest("postgres");
const created: string[] = [];

afterAll(() => {
  for (const db of created) psql("test", `drop database if exists "${db}" with (force)`);
});

describe("postgres driver", () => {
  test("pg_dump -Fc of a real database restores with pg_restore to the same rows", async () => {
    const src = `lifeboat_it_${rand()}`;
    const dst = `lifeboat_it_${rand()}`;
    created.push(src, dst);
    psql("test", `create database ${src}`);
    psql("test", `create database ${dst}`);
    psql(src, `create schema app;
      create table app.orders (id serial primary key, note text, at timestamptz default now());
      insert into app.orders (note) select 'order ' || g from generate_series(1, 1234) g;
      create table "Odd Name" (v int); insert into "Odd Name" values (1),(2),(3);`);
    const storage = tmpDir("lb-store-");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://root:s3cr3t-pw@127.0.0.1:5432/${src}` }, storageRoot: storage, compression: "gzip" });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.errorSummary).toBeNull();
    expect(run.status).toBe("success");
    const file = artifactAbsolutePath(run.storageRoot!, run.artifactPath!);
    expect(file.endsWith(".tar.gz")).toBe(true);
    expect(sha256sumCheck(file)).toContain(": OK");
    const out = unpack(file);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
    expect(manifest.source.url).toBe(`postgres://root:***@127.0.0.1:5432/${src}`);
    expect(manifest.tool.name).toBe("pg_dump");
    expect(manifest.server.version).toMatch(/^15\./);
    expect(manifest.payload.name).toBe("database.dump");
    expect(manifest.payload.sizeBytes).toBe(fs.statSync(path.join(out, "database.dump")).size);
    expect(manifest.payload.tables).toEqual([
      { schema: "app", name: "orders", rows: 1234 },
      { schema: "public", name: "Odd Name", rows: 3 },
    ]);
    expect(JSON.stringify(run.manifest)).not.toContain("s3cr3t-pw");
    expect(fs.readFileSync(run.logPath!, "utf8")).not.toContain("s3cr3t-pw");
    execFileSync("pg_restore", ["-h", "127.0.0.1", "-d", dst, "--no-owner", path.join(out, "database.dump")]);
    const checksum = (db: string) =>
      psql(db, `select count(*), md5(string_agg(id || note, ',' order by id)) from app.orders`) + psql(db, `select sum(v) from "Odd Name"`);
    expect(checksum(dst)).toBe(checksum(src));
  });

  test("an unreachable server fails with a clear reason and leaves no artifact", async () => {
    const storage = tmpDir("lb-store-");
    const t = makeTarget({ type: "postgres", source: { url: "postgres://root:pw@127.0.0.1:1/nothing" }, storageRoot: storage });
    const run = await waitForRun(enqueueRun(operator(), t.id).id, 60_000);
    expect(run.status).toBe("failed");
    expect(run.errorSummary).toMatch(/psql failed \(exit code 2\).*(connection|connect).*refused/i);
    expect(run.artifactState).toBe("none");
    const left = execFileSync("find", [storage, "-type", "f"]).toString();
    expect(left).toBe("");
  });
});
