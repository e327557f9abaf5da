import type { BigIntStats } from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { RestoreError } from "../../restore/context";

type Identity = { dev: bigint; ino: bigint };
const same = (a: Identity, b: Identity) => a.dev === b.dev && a.ino === b.ino;

/**
 * The regular files one folder restore wrote (relative path → dev/ino), so a hard link entry can
 * only ever point at one of them. A tar's hard link names an earlier entry of the same archive;
 * anything else (a file that was in the destination before, a path under a symlink the archive
 * created, a symlink itself, a path a later entry replaced) is refused: `link(2)` follows
 * symlinks in the target's parents, which would let an artifact link the console's own secrets
 * into the destination.
 */
export class WrittenFiles {
  private readonly files = new Map<string, Identity>();

  remember(rel: string, st: Identity): void {
    this.files.set(rel, { dev: st.dev, ino: st.ino });
  }

  /** Another entry takes this path's place: it is no longer a file this restore wrote. */
  forget(rel: string): void {
    this.files.delete(rel);
  }

  /**
   * Create `rel` as a hard link to `target` (both relative to `root`, already checked for ".."),
   * then check the new link is the very file this restore wrote (a parent swapped for a symlink
   * between the check and the link is caught here, and the link removed). `makeRoom` clears the
   * link's own place, only once the target passed its checks.
   */
  async link(root: string, rel: string, target: string, entryName: string, makeRoom: () => Promise<void>): Promise<void> {
    const refuse = (why: string) => new RestoreError(`Refusing hard link "${entryName}" → "files/${target}": ${why}`);
    const known = this.files.get(target);
    const st = await lstatBeneath(root, target, refuse);
    if (!known) throw refuse("a hard link may only point at a file restored earlier from the same artifact");
    if (!same(st, known)) throw refuse("the file was replaced after it was restored");
    const abs = path.join(root, rel);
    await makeRoom();
    await fsp.link(path.join(root, target), abs);
    const made = await fsp.lstat(abs, { bigint: true });
    if (!made.isFile() || !same(made, known)) {
      await fsp.unlink(abs);
      throw refuse("the path changed while linking");
    }
    this.remember(rel, made);
  }
}

/** lstat every component of `rel` from `root`: folders, then a regular file; never a symlink. */
async function lstatBeneath(root: string, rel: string, refuse: (why: string) => Error): Promise<BigIntStats> {
  const parts = rel.split("/");
  let cur = root;
  for (let i = 0; i < parts.length; i++) {
    cur = path.join(cur, parts[i]!);
    const shown = parts.slice(0, i + 1).join("/");
    let st: BigIntStats;
    try {
      st = await fsp.lstat(cur, { bigint: true });
    } catch {
      throw refuse(`${shown} does not exist in the destination`);
    }
    if (st.isSymbolicLink()) throw refuse(`${shown} is a symlink`);
    const last = i === parts.length - 1;
    if (!last && !st.isDirectory()) throw refuse(`${shown} is not a folder`);
    if (last && !st.isFile()) throw refuse(`${shown} is not a regular file`);
    if (last) return st;
  }
  throw refuse("empty path");
}
