import fs from "node:fs";
import path from "node:path";
import { ValidationError } from "../../../errors";
import type { TypeRestore } from "../module";
import { freeSpaceAt } from "../../restore/free-space";
import { absDestination, notApplicable } from "../shared/destination-checks";
import { redisSource } from "./schema";
import { redisInfo, redisRestoreLive, redisRestoreRdbFile } from "./restore";
import { probeRemoteRedis, restoreRemoteRedis } from "./remote";

/** A Redis data file is what rdb_file mode overwrites: refuse to overwrite any other kind of file with it. */
function rdbFilePath(p: string | undefined): string {
  const abs = absDestination(p, "RDB file path");
  if (!abs.endsWith(".rdb")) {
    throw new ValidationError("Give the path of the stopped Redis server's data file (its name ends in .rdb, e.g. /var/lib/redis/dump.rdb)", {
      path: "A Redis data file (*.rdb)",
    });
  }
  return abs;
}

/** Live: keys copied into a server (the original or another URL). rdb_file: dump.rdb written for a stopped server. */
export const redisRestoreOps: TypeRestore = {
  resolve(target, source, input) {
    const type = target.type;
    if (input.mode === "original") return { type, kind: "redis", url: String(source.url ?? ""), original: true };
    if (input.mode === "alternate") {
      const parsed = redisSource.safeParse({ url: input.url ?? "" });
      if (!parsed.success) throw new ValidationError(parsed.error.issues[0]!.message, { url: parsed.error.issues[0]!.message });
      return { type, kind: "redis", url: parsed.data.url, original: false };
    }
    if (input.mode === "rdb_file" && target.serverId != null) {
      // That mode writes a file on the machine that runs the restore; for another server, restore live.
      throw new ValidationError("Writing dump.rdb to a stopped server's data file is for Redis on this machine: for a target on another server, restore live (the original or another Redis URL as that server sees it)", {
        mode: "Not for a target on another server",
      });
    }
    if (input.mode === "rdb_file") return { type, kind: "rdb_file", path: rdbFilePath(input.path), original: false };
    throw notApplicable((input as { mode: string }).mode, type);
  },
  describe(d) {
    if (d.kind === "rdb_file") return `RDB file ${d.path}`;
    const u = new URL(d.url!);
    return `Redis ${u.hostname}:${u.port || 6379}/${u.pathname.slice(1) || "0"}${d.original ? " (the original)" : ""}`;
  },
  async into(ctx, dest, sourceUrl) {
    if (dest.kind === "rdb_file") {
      await redisRestoreRdbFile(ctx, dest.path!);
      return `Wrote ${dest.path}; start Redis to load it`;
    }
    const n = dest.serverId != null ? await restoreRemoteRedis(ctx, dest, sourceUrl ?? dest.url!) : await redisRestoreLive(ctx, sourceUrl ?? dest.url!, dest.url!);
    return `Restored ${n} key(s) into Redis`;
  },
  async probe(d) {
    if (d.kind === "rdb_file") {
      const p = d.path!;
      const free = await freeSpaceAt(path.dirname(p));
      if (!fs.existsSync(p)) return { exists: false, empty: true, sizeBytes: null, free };
      return { exists: true, empty: false, sizeBytes: fs.statSync(p).size, free };
    }
    if (d.serverId != null) return probeRemoteRedis(d);
    const info = await redisInfo(d.url!);
    const free = await freeSpaceAt(info.dir && fs.existsSync(info.dir) ? info.dir : null);
    return { exists: true, empty: info.keys === 0, sizeBytes: info.usedMemory, keys: info.keys, free };
  },
};
