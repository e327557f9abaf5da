import type { ContentsArgs } from "../module";
import type { Contents } from "../restore-shapes";
import { cached, rowsFromManifest } from "../shared/preview-cache";
import { mysqlDumpTables } from "./restore";

/** The CREATE TABLE statements in the dump, with the row counts recorded at backup time. */
export function mysqlContents({ cacheBase, artifact, manifest }: ContentsArgs): Promise<Contents> {
  return cached(`${cacheBase}.json`, async () => {
    const rows = rowsFromManifest(manifest);
    const names = await mysqlDumpTables(artifact);
    const tables = names.map((name) => ({ name, rows: rows.get(`.${name}`) ?? [...rows].find(([k]) => k.endsWith(`.${name}`))?.[1] ?? null }));
    return { kind: "tables" as const, source: "CREATE TABLE statements in the dump; row counts recorded at backup time", tables };
  });
}
