import fs from "node:fs";
import { StepError } from "../../process/step";
import type { Driver } from "../backup-types";

/** A folder, streamed into the archive by the archive writer (lib/engine/archive/pack-tree.ts). */
export const filesystemDriver: Driver = {
  type: "filesystem",
  describe: (s) => ({ path: s.path, exclude: Array.isArray(s.exclude) ? s.exclude : [] }),
  async produce(ctx) {
    const root = String(ctx.source.path);
    let st: fs.Stats;
    try {
      st = fs.statSync(root);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new StepError(code === "ENOENT" ? `Folder not found: ${root}` : `Cannot read the folder ${root} (${code})`);
    }
    if (!st.isDirectory()) throw new StepError(`Not a folder: ${root}`);
    return {
      kind: "tree",
      root,
      name: "files/",
      excludes: Array.isArray(ctx.source.exclude) ? (ctx.source.exclude as string[]) : [],
      tool: { name: "lifeboat-tar", version: "1" },
      server: null,
    };
  },
};
