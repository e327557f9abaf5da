import path from "node:path";
import { extractEntryToFile } from "../../archive/read";
import type { ContentsArgs } from "../module";
import type { Contents } from "../restore-shapes";
import { cached, scratch } from "../shared/preview-cache";
import { sqliteTableCounts } from "./restore";

/** Tables counted in the backed-up copy (extracted to a private scratch folder). */
export function sqliteContents({ cacheBase, artifact }: ContentsArgs): Promise<Contents> {
  return cached(`${cacheBase}.json`, () =>
    scratch(async (dir) => {
      const file = path.join(dir, "copy.sqlite");
      await extractEntryToFile(artifact, "database.sqlite", file);
      return { kind: "tables" as const, source: "counted in the backed-up copy", tables: sqliteTableCounts(file) };
    }),
  );
}
