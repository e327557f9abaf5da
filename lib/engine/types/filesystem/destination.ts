import fs from "node:fs";
import path from "node:path";
import { ValidationError } from "../../../errors";
import type { TypeRestore } from "../module";
import { freeSpaceAt } from "../../restore/free-space";
import { absDestination, assertOutsideDataDir, notApplicable } from "../shared/destination-checks";
import { folderRestore, folderStats } from "./folder-restore";
import { probeRemoteFolder, restoreRemoteFolder } from "./remote";

const FOLDER_WALK_LIMIT = 200_000;

/**
 * A `files/` payload restored into a folder: the source folder itself (filesystem) or another
 * one. A script target has no folder of its own (`original: false`).
 */
export function folderRestoreOps(opts: { original: boolean }): TypeRestore {
  return {
    resolve(target, source, input) {
      const type = target.type;
      const exclude = Array.isArray(source.exclude) ? (source.exclude as string[]) : [];
      if (input.mode === "original") {
        if (!opts.original) throw new ValidationError(`A ${type} target has no folder to restore into: choose an alternate folder`);
        assertOutsideDataDir(path.resolve(String(source.path)), "folder");
        return { type, kind: "folder", path: path.resolve(String(source.path)), original: true, deleteExtra: !!input.deleteExtra, exclude };
      }
      if (input.mode === "alternate") {
        const p = absDestination(input.path, "folder");
        const original = opts.original && p === path.resolve(String(source.path));
        return { type, kind: "folder", path: p, original, deleteExtra: false, exclude };
      }
      throw notApplicable(input.mode, type);
    },
    describe: (d) => `${d.path}${d.original ? " (the original)" : ""}`,
    async into(ctx, dest, _sourceUrl, undo) {
      if (dest.serverId != null) return restoreRemoteFolder(ctx, dest, undo);
      const r = await folderRestore(ctx, dest.path!, { deleteExtra: !!dest.deleteExtra, exclude: dest.exclude ?? [] });
      return `Restored ${r.files} file(s), ${r.bytes} bytes into ${dest.path}${r.removed ? `; removed ${r.removed} path(s) not in the backup` : ""}`;
    },
    async probe(d) {
      if (d.serverId != null) return probeRemoteFolder(d);
      const p = d.path!;
      const free = await freeSpaceAt(p);
      if (!fs.existsSync(p)) return { exists: false, empty: true, sizeBytes: null, free };
      const s = await folderStats(p, [], FOLDER_WALK_LIMIT);
      const entries = fs.readdirSync(p).length;
      return { exists: true, empty: entries === 0, sizeBytes: s.bytes, fileCount: s.files, countTruncated: s.truncated, free };
    },
  };
}
