/**
 * (Bundled and run by bench/mysql-restore.ts.)
 *
 * A MariaDB table of BENCH_MYSQL_ROWS rows (default 1.5 M ≈ 150 MB of dump) is dumped with the
 * flags Lifeboat uses, then, BENCH_REPEAT times side by side:
 *   (a) the dump read through a PassThrough (the baseline for reading) vs through the filter;
 *   (b) `mariadb <db> < dump` (the baseline restore) vs the filter piped into
 *       `mariadb --sandbox --one-database … <db>` as Lifeboat runs it.
 * Prints times, MB/s and the ratios.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { MysqlStatementFilter } from "../lib/engine/types/mysql/statement-filter";
import { mysqlDumpArgs } from "../lib/engine/types/mysql/backup";

const rows = Number(process.env.BENCH_MYSQL_ROWS ?? 1_500_000);
const repeat = Number(process.env.BENCH_REPEAT ?? 2);
const SRC = "lifeboat_bench_mysql_src";
const DST = "lifeboat_bench_mysql_dst";
const CONN = ["-h", "127.0.0.1", "-u", "root"];
const sql = (q: string, db?: string) => execFileSync("mariadb", [...CONN, "--batch", "-e", q, ...(db ? [db] : [])]).toString();
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function time(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const filter = () => new MysqlStatementFilter({ database: DST, serverVersion: 101100, mariadb: true });
const sink = () => new Writable({ write: (_c, _e, cb) => cb() });

async function restore(dump: string, through: Transform | null): Promise<void> {
  sql(`drop database if exists ${DST}; create database ${DST}`);
  const args = through ? [...CONN, "--batch", "--sandbox", "--one-database", "--skip-named-commands", "--local-infile=0", "--default-character-set=utf8mb4", DST] : [...CONN, "--batch", DST];
  const child = spawn("mariadb", args, { stdio: ["pipe", "ignore", "inherit"] });
  const done = new Promise<void>((res, rej) => child.on("close", (code) => (code === 0 ? res() : rej(new Error(`mariadb exit ${code}`)))));
  await (through ? pipeline(fs.createReadStream(dump), through, child.stdin) : pipeline(fs.createReadStream(dump), child.stdin));
  await done;
}

async function main() {
  sql(`drop database if exists ${SRC}; create database ${SRC}`);
  sql(
    `create table t (id int primary key, name varchar(40), note text, amount decimal(12,2), at datetime); ` +
      `insert into t select seq, concat('name ', seq, ' it''s'), repeat('x', seq % 80), seq / 7, '2024-01-01' + interval seq second from seq_1_to_${rows}`,
    SRC,
  );
  const dump = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lb-bench-my-")), "database.sql");
  execFileSync("mariadb-dump", mysqlDumpArgs(["--host", "127.0.0.1", "--user", "root"], dump, SRC));
  const mb = fs.statSync(dump).size / 1048576;
  console.log(`dataset: ${rows} rows, dump ${mb.toFixed(1)} MiB`);

  const read: { pass: number[]; filter: number[] } = { pass: [], filter: [] };
  const rest: { plain: number[]; filtered: number[] } = { plain: [], filtered: [] };
  for (let i = 0; i < repeat; i++) {
    read.pass.push(await time(() => pipeline(fs.createReadStream(dump), new PassThrough(), sink())));
    read.filter.push(await time(() => pipeline(fs.createReadStream(dump), filter(), sink())));
    rest.plain.push(await time(() => restore(dump, null)));
    rest.filtered.push(await time(() => restore(dump, filter())));
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const line = (name: string, ms: number) => console.log(`${name.padEnd(52)} ${secs(ms).padStart(9)}  ${(mb / (ms / 1000)).toFixed(0).padStart(5)} MB/s`);
  line("(a) read through a PassThrough (baseline)", med(read.pass));
  line("(a) read through the statement filter", med(read.filter));
  line("(b) mariadb < dump (baseline restore)", med(rest.plain));
  line("(b) filter | mariadb --sandbox --one-database", med(rest.filtered));
  console.log(`ratio restore filtered / plain: ${(med(rest.filtered) / med(rest.plain)).toFixed(2)} (median of ${repeat})`);
  sql(`drop database if exists ${SRC}; drop database if exists ${DST}`);
  fs.rmSync(path.dirname(dump), { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
