import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { serviceTest } from "@/test/services";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, userActor } from "../../../../test/restore/testing";
import { readPgToc } from "./pg-toc";
import { parsePgList, pgDumpContents } from "./pg-contents";
import { getRestorePreview } from "../../../services/restores/preview";

const DB = `lb_toc_${process.pid}`;
const OWNER = `lb owner ${process.pid}`;
const psql = (sql: string, db = DB) => execFileSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atq", "-v", "ON_ERROR_STOP=1", "-c", sql]).toString().trim();

const test = await serviceTest("postgres");

describe("the PostgreSQL restore preview reads the dump's table of contents", () => {
  let dump = "";
  beforeAll(() => {
    psql(`drop database if exists ${DB} with (force)`, "postgres");
    psql(`drop role if exists "${OWNER}"`, "postgres");
    psql(`create database ${DB}`, "postgres");
    psql(`create role "${OWNER}"`, "postgres");
    psql(
      'create schema shop; create schema "my schema"; ' +
        'create table shop."order" (id serial primary key, "select" text); insert into shop."order" ("select") values (\'a\'), (\'b\'); ' +
        'create table "my schema"."my table" (a int); insert into "my schema"."my table" values (1); ' +
        'create table public."select" (x int); create sequence shop.seq2; create view shop.v as select * from shop."order"; ' +
        'create materialized view public.mv as select 1 as one; create index on shop."order" ("select"); ' +
        `create table public.owned (a int); alter table public.owned owner to "${OWNER}";`,
    );
    dump = path.join(tmpDir("lb-toc-"), "db.dump");
    execFileSync("pg_dump", ["-Fc", "-h", "127.0.0.1", "-U", "postgres", "-f", dump, DB]);
  });
  afterAll(() => {
    psql(`drop database if exists ${DB} with (force)`, "postgres");
    psql(`drop role if exists "${OWNER}"`, "postgres");
  });

  test("entries come out exactly: kinds of several words, names with spaces or named like keywords, owners with spaces", () => {
    const toc = readPgToc(dump);
    const pick = (kind: string) => toc.filter((e) => e.kind === kind).map((e) => `${e.schema}|${e.name}|${e.owner}`).sort();
    expect(pick("TABLE")).toEqual(["my schema|my table|postgres", `public|owned|${OWNER}`, "public|select|postgres", "shop|order|postgres"]);
    expect(pick("TABLE DATA")).toHaveLength(4);
    expect(pick("SEQUENCE")).toEqual(["shop|order_id_seq|postgres", "shop|seq2|postgres"]);
    expect(pick("SEQUENCE SET")).toHaveLength(2);
    expect(pick("VIEW")).toEqual(["shop|v|postgres"]);
    expect(pick("MATERIALIZED VIEW")).toEqual(["public|mv|postgres"]);
    expect(pick("INDEX")).toEqual(["shop|order_select_idx|postgres"]);
    // The same entries pg_restore lists, by dump id and kind.
    const listed = execFileSync("pg_restore", ["--list", dump]).toString();
    for (const e of toc.filter((x) => x.kind === "TABLE" || x.kind === "TABLE DATA")) expect(listed).toContain(`${e.dumpId}; `);
  });

  test("the contents list tables only (no TABLE DATA rows), and count the other objects", async () => {
    const c = await pgDumpContents(dump);
    expect(c.tables).toEqual([
      { schema: "my schema", name: "my table" },
      { schema: "public", name: "owned" },
      { schema: "public", name: "select" },
      { schema: "shop", name: "order" },
    ]);
    expect(c.objects).toEqual(
      expect.arrayContaining([
        { kind: "SCHEMA", count: 2 },
        { kind: "VIEW", count: 1 },
        { kind: "MATERIALIZED VIEW", count: 1 },
        { kind: "SEQUENCE", count: 2 },
        { kind: "INDEX", count: 1 },
      ]),
    );
  });

  test("the preview of a backup shows each table once with the rows recorded at backup time", async () => {
    const op = userActor("operator");
    const t = makeTarget({ type: "postgres", source: { url: `postgres://postgres@127.0.0.1:5432/${DB}` }, storageRoot: tmpDir("lb-toc-store-") });
    const run = await backupNow(op, t.id);
    const preview = await getRestorePreview(op, run.id);
    expect(preview.contents).toMatchObject({ kind: "tables" });
    const tables = preview.contents!.kind === "tables" ? preview.contents!.tables : [];
    expect(tables).toEqual([
      { schema: "my schema", name: "my table", rows: 1 },
      { schema: "public", name: "owned", rows: 0 },
      { schema: "public", name: "select", rows: 0 },
      { schema: "shop", name: "order", rows: 2 },
    ]);
  });

  test("the fallback reading of pg_restore --list keeps kinds of several words apart", () => {
    const entries = parsePgList(
      [
        "218; 1259 17869 TABLE public accounts postgres",
        "3371; 0 17869 TABLE DATA public accounts postgres",
        "3383; 0 0 SEQUENCE SET public accounts_id_seq postgres",
        "222; 1259 17880 MATERIALIZED VIEW public mv postgres",
        "3374; 0 17880 MATERIALIZED VIEW DATA public mv postgres",
        "7; 2615 17859 SCHEMA - shop postgres",
      ].join("\n"),
    );
    expect(entries.map((e) => [e.kind, e.schema, e.name])).toEqual([
      ["TABLE", "public", "accounts"],
      ["TABLE DATA", "public", "accounts"],
      ["SEQUENCE SET", "public", "accounts_id_seq"],
      ["MATERIALIZED VIEW", "public", "mv"],
      ["MATERIALIZED VIEW DATA", "public", "mv"],
      ["SCHEMA", null, "shop"],
    ]);
  });
});
