import fs from "node:fs";
import path from "node:path";

/**
 * Start-up (after leftover processes are killed, so no private server still runs in them): remove
 * the scratch folders of point-in-time restores a stopped console left behind — unpacked base
 * backups and WAL can be as large as the database. `inUse` names the ones a restore of this
 * console still holds (none at start-up; kept for a server kept for inspection).
 */
export function removePitrScratch(scratchRoot: string, inUse: ReadonlySet<string> = new Set()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(scratchRoot);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const dir = path.join(scratchRoot, n);
    if (!/^pitr-restore-[A-Za-z0-9]{6}$/.test(n) || inUse.has(dir)) continue;
    // lstat: a link planted under that name is removed as a link, never followed.
    if (!fs.lstatSync(dir).isDirectory()) continue;
    fs.rmSync(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}
