import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { extractEntryToFile } from "../../archive/read";
import type { RestoreCtx } from "../../restore/context";
import { RestoreError } from "../../restore/context";
import { writeFailure } from "../../restore/fs-errors";

/** Tables and exact row counts of an SQLite file, opened read-only. */
export function sqliteTableCounts(file: string): { name: string; rows: number }[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    return names.map((name) => ({
      name,
      rows: Number(db.prepare(`SELECT count(*) FROM "${name.replace(/"/g, '""')}"`).pluck().get()),
    }));
  } finally {
    db.close();
  }
}

export function sqliteIntegrity(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return String(db.prepare("PRAGMA integrity_check").pluck().get());
  } finally {
    db.close();
  }
}

/**
 * Write database.sqlite beside the destination under a temporary name, check it, fsync it, and
 * rename it over the destination (atomic on one filesystem). The old -wal/-shm files are removed
 * first: a stale WAL applied to the new file would corrupt it. An app holding the old file open
 * keeps reading the old (unlinked) inode until it reopens the file — stop it or restart it.
 */
export async function sqliteRestore(ctx: RestoreCtx, dest: string): Promise<void> {
  const dir = path.dirname(dest);
  if (!fs.existsSync(dir)) throw new RestoreError(`The folder ${dir} does not exist`);
  const tmp = path.join(dir, `.${path.basename(dest)}.lifeboat-restore-${process.pid}-${Date.now()}`);
  try {
    await extractEntryToFile(ctx.artifact, "database.sqlite", tmp, ctx.signal).catch((e) => {
      throw writeFailure(e, dest);
    });
    const check = sqliteIntegrity(tmp);
    // A WAL-mode copy opened read-only leaves empty -wal/-shm files under the temporary name.
    for (const side of ["-wal", "-shm"]) await fsp.rm(tmp + side, { force: true });
    if (check !== "ok") throw new RestoreError(`The backed-up SQLite file fails its integrity check: ${check}`);
    const fh = await fsp.open(tmp, "r+");
    await fh.sync();
    await fh.close();
    for (const side of ["-wal", "-shm", "-journal"]) await fsp.rm(dest + side, { force: true });
    await fsp.rename(tmp, dest);
    ctx.log.info(`Replaced ${dest} atomically (rename)`);
  } finally {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) await fsp.rm(f, { force: true });
  }
}
