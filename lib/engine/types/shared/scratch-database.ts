import type { RestoreCtx } from "../../restore/context";
import { RestoreError } from "../../restore/context";

export type Table = { schema?: string | null; name: string; rows: number };

/** Differences between the tables the manifest recorded and those restored ("" when equal). */
export function compareTables(expected: Table[] | null | undefined, actual: Table[]): string[] {
  if (!expected) return [];
  const key = (t: Table) => (t.schema ? `${t.schema}.${t.name}` : t.name);
  const got = new Map(actual.map((t) => [key(t), t.rows]));
  const diffs: string[] = [];
  for (const t of expected) {
    if (!got.has(key(t))) diffs.push(`table ${key(t)} is missing`);
    else if (t.rows != null && got.get(key(t)) !== t.rows) diffs.push(`table ${key(t)}: ${got.get(key(t))} rows, the backup recorded ${t.rows}`);
  }
  return diffs;
}

/** How one database server restores into, counts and drops a scratch database. */
export interface ScratchDatabaseOps {
  create: (url: string, database: string) => Promise<void>;
  restore: (ctx: RestoreCtx, url: string, database: string, opts: { create: boolean; restricted?: boolean }) => Promise<void>;
  counts: (url: string, database: string, exact: boolean) => Promise<Table[]>;
  drop: (url: string, database: string) => Promise<void>;
  /** A clear message when the login may not create the scratch database (null: not that). */
  createRefused: (e: Error, url: string, database: string) => string | null;
}

/** Restore a dump into a new scratch database on the same server, compare table rows, drop it. */
export async function scratchDatabaseCheck(
  ctx: RestoreCtx,
  tables: Table[] | undefined,
  url: string,
  scratch: string,
  ops: ScratchDatabaseOps,
  restricted: boolean,
): Promise<string> {
  ctx.log.info(`Creating scratch database ${scratch}`);
  try {
    await ops.create(url, scratch);
  } catch (e) {
    throw new RestoreError(ops.createRefused(e as Error, url, scratch) ?? `Could not create the scratch database ${scratch}: ${(e as Error).message}`);
  }
  try {
    await ops.restore(ctx, url, scratch, { create: false, restricted });
    const got = await ops.counts(url, scratch, true);
    const diffs = compareTables(tables, got);
    if (diffs.length) throw new RestoreError(`The restored copy differs from the backup: ${diffs.slice(0, 5).join("; ")}`);
    return `${got.length} table(s), ${got.reduce((a, t) => a + t.rows, 0)} rows match the manifest`;
  } finally {
    await ops.drop(url, scratch).then(
      () => ctx.log.info(`Dropped scratch database ${scratch}`),
      (e) => ctx.log.info(`Could not drop scratch database ${scratch}: ${(e as Error).message}`),
    );
  }
}
