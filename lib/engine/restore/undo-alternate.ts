import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { RunLog } from "../process/run-log";
import type { Resolved } from "../types/restore-shapes";

/**
 * What a failed restore takes back: only what it created itself. A folder or SQLite file that did
 * not exist before is removed; a folder that existed empty is emptied again; a database the
 * restore created is dropped (restore-step.ts adds that step once it knows). The original
 * destination is never touched here: its safety backup is the way back.
 */
export class Undo {
  private readonly steps: { what: string; run: () => Promise<void> }[] = [];

  add(what: string, run: () => Promise<void>): void {
    this.steps.push({ what, run });
  }

  async run(log: RunLog): Promise<void> {
    for (const s of this.steps.reverse()) {
      try {
        await s.run();
        log.info(`Removed what the failed restore wrote: ${s.what}`);
      } catch (e) {
        log.info(`Could not remove ${s.what}: ${(e as Error).message}`);
      }
    }
  }
}

const exists = (p: string) => fsp.lstat(p).then(() => true, () => false);

/** The outermost folder on the way to `p` that does not exist yet (what `mkdir -p` will create). */
async function firstMissing(p: string): Promise<string | null> {
  if (await exists(p)) return null;
  let cur = p;
  for (;;) {
    const parent = path.dirname(cur);
    if (parent === cur || (await exists(parent))) return cur;
    cur = parent;
  }
}

/** Note, before an alternate restore writes, how to take back what it is about to create. */
export async function planUndo(dest: Resolved): Promise<Undo> {
  const undo = new Undo();
  const p = dest.path;
  // A destination on another server: its type's restore notes what it creates there (these are local paths).
  if (dest.original || !p || dest.serverId != null) return undo;
  // Folders and single files are taken back here; a database a restore creates is added by its type's restore.
  if (dest.kind === "folder") {
    const created = await firstMissing(p);
    if (created) undo.add(`folder ${created}`, () => fsp.rm(created, { recursive: true, force: true }));
    else if ((await fsp.readdir(p).catch(() => ["?"])).length === 0) {
      // It existed empty (the service only allows that): empty it again, never following a link.
      undo.add(`the contents of ${p}`, async () => {
        for (const name of await fsp.readdir(p)) await fsp.rm(path.join(p, name), { recursive: true, force: true });
      });
    }
  } else if (dest.kind === "sqlite" && !fs.existsSync(p)) {
    undo.add(`file ${p}`, async () => {
      for (const side of ["", "-wal", "-shm", "-journal"]) await fsp.rm(p + side, { force: true });
    });
  }
  return undo;
}
