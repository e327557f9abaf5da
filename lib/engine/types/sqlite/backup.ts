import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { StepError, abortable } from "../../process/step";
import type { TableCount } from "../../archive/manifest";
import type { Driver } from "../backup-types";

/**
 * SQLite's online backup API on a read-only connection to the source file: a consistent copy
 * while the app keeps writing. After a first small step the rest is copied in one step, so a busy
 * writer cannot keep restarting the copy (in WAL mode the reader does not block the writer).
 */
export const sqliteDriver: Driver = {
  type: "sqlite",
  describe: (s) => ({ path: s.path }),
  async produce(ctx) {
    const file = String(ctx.source.path);
    if (!fs.existsSync(file)) throw new StepError(`SQLite database file not found: ${file}`);
    let src: Database.Database;
    try {
      src = new Database(file, { readonly: true, fileMustExist: true });
      src.pragma("busy_timeout = 10000");
      src.prepare("select count(*) from sqlite_master").get();
    } catch (e) {
      throw new StepError(`Cannot open the SQLite database ${file}: ${(e as Error).message}`);
    }
    const out = path.join(ctx.workDir, "database.sqlite");
    const version = String((src.prepare("select sqlite_version() as v").get() as { v: string }).v);
    const pageSize = Number(src.pragma("page_size", { simple: true }));
    ctx.log.info(`online backup of ${file} (SQLite ${version})`);
    try {
      await abortable(
        src.backup(out, {
          progress({ totalPages, remainingPages }) {
            ctx.progress((totalPages - remainingPages) * pageSize, totalPages * pageSize);
            return Math.max(100, totalPages);
          },
        }),
        ctx.signal,
      );
    } finally {
      src.close();
    }
    const finishedAt = new Date();
    const copy = new Database(out, { readonly: true });
    let tables: TableCount[];
    try {
      const names = copy
        .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
        .pluck()
        .all() as string[];
      tables = names.map((name) => ({
        name,
        rows: Number(copy.prepare(`select count(*) from "${name.replace(/"/g, '""')}"`).pluck().get()),
      }));
    } finally {
      copy.close();
    }
    return {
      kind: "file",
      path: out,
      name: "database.sqlite",
      tool: { name: "sqlite-online-backup", version },
      server: null,
      tables,
      finishedAt,
    };
  },
};
