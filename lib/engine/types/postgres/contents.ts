import path from "node:path";
import { extractEntryToFile } from "../../archive/read";
import type { ContentsArgs } from "../module";
import type { Contents } from "../restore-shapes";
import { cached, rowsFromManifest, scratch } from "../shared/preview-cache";
import { pgDumpContents } from "./pg-contents";

/** The dump's table of contents (pg_restore --list), with the row counts recorded at backup time. */
export function postgresContents({ cacheBase, artifact, manifest }: ContentsArgs): Promise<Contents> {
  // "-toc": listings cached before the archive's TOC was read properly are not reused.
  return cached(`${cacheBase}-toc.json`, () =>
    scratch(async (dir) => {
      const dump = path.join(dir, "database.dump");
      await extractEntryToFile(artifact, "database.dump", dump);
      const rows = rowsFromManifest(manifest);
      const { tables, objects } = await pgDumpContents(dump);
      return {
        kind: "tables" as const,
        source: "the dump's table of contents; row counts recorded at backup time",
        tables: tables.map((t) => ({ ...t, rows: rows.get(`${t.schema}.${t.name}`) ?? null })),
        objects,
      };
    }),
  );
}
