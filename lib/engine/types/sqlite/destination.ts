import fs from "node:fs";
import path from "node:path";
import type { TypeRestore } from "../module";
import { freeSpaceAt } from "../../restore/free-space";
import { absDestination, assertOutsideDataDir, notApplicable } from "../shared/destination-checks";
import { sqliteRestore, sqliteTableCounts } from "./restore";

export const sqliteRestoreOps: TypeRestore = {
  resolve(target, source, input) {
    const own = String(source.path);
    if (input.mode === "original") {
      assertOutsideDataDir(path.resolve(own), "database file");
      return { type: target.type, kind: "sqlite", path: own, original: true };
    }
    if (input.mode === "alternate") {
      const p = absDestination(input.path, "database file path");
      return { type: target.type, kind: "sqlite", path: p, original: p === path.resolve(own) };
    }
    throw notApplicable(input.mode, target.type);
  },
  describe: (d) => `${d.path}${d.original ? " (the original)" : ""}`,
  async into(ctx, dest) {
    await sqliteRestore(ctx, dest.path!);
    return `Replaced ${dest.path}`;
  },
  async probe(d) {
    const p = d.path!;
    const free = await freeSpaceAt(path.dirname(p));
    if (!fs.existsSync(p)) return { exists: false, empty: true, sizeBytes: null, free };
    const size = fs.statSync(p).size;
    return { exists: true, empty: size === 0, sizeBytes: size, tables: size ? sqliteTableCounts(p) : [], free };
  },
};
