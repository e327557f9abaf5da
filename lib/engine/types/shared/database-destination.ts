import type { Target } from "../../../db/schema";
import type { DestinationInput, Resolved } from "../restore-shapes";
import { checkDbName } from "./db-cli";
import { notApplicable, urlDatabase } from "./destination-checks";

/** PostgreSQL / MariaDB: the original database, or another database on the same server. */
export function resolveDatabase(target: Target, source: Record<string, unknown>, input: DestinationInput): Resolved {
  const url = String(source.url ?? "");
  const type = target.type;
  if (input.mode === "original") return { type, kind: type, url, database: urlDatabase(url), original: true };
  if (input.mode === "alternate") {
    const name = checkDbName(input.database ?? "");
    return { type, kind: type, url, database: name, original: name === urlDatabase(url) };
  }
  throw notApplicable(input.mode, type);
}

export function describeDatabase(d: Resolved): string {
  return `database "${d.database}"${d.original ? " (the original)" : ""}`;
}
