import { trackedExeca } from "../../process/process-registry";
import { RestoreError } from "../../restore/context";
import { readPgToc, TocReadError, type TocEntry } from "./pg-toc";

/** What a PostgreSQL dump holds, for the preview: its tables and how many of each other object. */
export interface PgDumpContents {
  tables: { schema: string; name: string }[];
  objects: { kind: string; count: number }[];
}

/** Kinds worth a count in the preview (data entries, comments and ACLs are not objects). */
const COUNTED = ["SCHEMA", "VIEW", "MATERIALIZED VIEW", "SEQUENCE", "INDEX", "FUNCTION", "PROCEDURE", "TRIGGER", "TYPE", "DOMAIN", "EXTENSION", "FOREIGN TABLE"];

export async function pgDumpContents(dumpFile: string): Promise<PgDumpContents> {
  // pg_restore must be able to read it (that is what restores it); its listing is also the
  // fallback when the archive is of a version the TOC reader does not know.
  const r = await trackedExeca("pg_restore", ["--list", dumpFile], { reject: false, stdin: "ignore" });
  if (r.failed) throw new RestoreError(`pg_restore --list failed: ${r.stderr.trim().split("\n").pop()}`);
  let entries: TocEntry[];
  try {
    entries = readPgToc(dumpFile);
  } catch (e) {
    if (!(e instanceof TocReadError)) throw e;
    entries = parsePgList(r.stdout);
  }
  const tables = entries.filter((e) => e.kind === "TABLE").map((e) => ({ schema: e.schema ?? "", name: e.name }));
  const objects = COUNTED.map((kind) => ({ kind, count: entries.filter((e) => e.kind === kind && !(kind === "SCHEMA" && e.name === "public")).length })).filter(
    (o) => o.count > 0,
  );
  return { tables, objects };
}

/** Kinds of more than one word, longest first, as pg_restore --list prints them. */
const KINDS = [
  "MATERIALIZED VIEW DATA",
  "PUBLICATION TABLES IN SCHEMA",
  "TEXT SEARCH CONFIGURATION",
  "TEXT SEARCH DICTIONARY",
  "FOREIGN DATA WRAPPER",
  "TEXT SEARCH TEMPLATE",
  "TEXT SEARCH PARSER",
  "PROCEDURAL LANGUAGE",
  "SEQUENCE OWNED BY",
  "MATERIALIZED VIEW",
  "PUBLICATION TABLE",
  "CHECK CONSTRAINT",
  "OPERATOR FAMILY",
  "OPERATOR CLASS",
  "SECURITY LABEL",
  "FOREIGN TABLE",
  "EVENT TRIGGER",
  "ACCESS METHOD",
  "FK CONSTRAINT",
  "BLOB METADATA",
  "LARGE OBJECT",
  "INDEX ATTACH",
  "ROW SECURITY",
  "TABLE ATTACH",
  "SEQUENCE SET",
  "USER MAPPING",
  "BLOB COMMENTS",
  "DEFAULT ACL",
  "TABLE DATA",
  "SHELL TYPE",
];

/**
 * `pg_restore --list` lines ("dumpId; tableoid oid KIND schema name owner"), for archives the TOC
 * reader does not know. A name or owner with a space makes the split a guess: the schema is taken
 * as one word and the owner as the last word.
 */
export function parsePgList(text: string): TocEntry[] {
  const out: TocEntry[] = [];
  for (const line of text.split("\n")) {
    const m = /^(\d+);\s+\d+\s+\d+\s+(.*)$/.exec(line);
    if (!m) continue;
    const rest = m[2]!;
    const kind = KINDS.find((k) => rest.startsWith(k + " ")) ?? rest.split(" ")[0]!;
    const words = rest.slice(kind.length + 1).split(" ");
    if (words.length < 3) continue;
    const schema = words[0] === "-" ? null : words[0]!;
    out.push({ dumpId: Number(m[1]), kind, schema, name: words.slice(1, -1).join(" "), owner: words.at(-1)! });
  }
  return out;
}
