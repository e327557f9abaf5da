import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { env } from "../../env";
import { listEntries, entryName, extractEntryToFile, type ArtifactManifest } from "../archive/read";
import { pgDumpContents } from "./pg-contents";
import { mysqlDumpTables } from "./mysql";
import { sqliteTableCounts } from "./sqlite";

/** What is inside an artifact, for the preview page. */
export type Contents =
  | {
      kind: "tables";
      source: string;
      tables: { schema?: string | null; name: string; rows: number | null }[];
      /** Other objects by kind (PostgreSQL dumps): views, sequences, indexes… */
      objects?: { kind: string; count: number }[];
    }
  | { kind: "folder"; fileCount: number; totalBytes: number }
  | { kind: "redis"; sizeBytes: number | null; keys: number | null }
  | { kind: "other"; note: string };

function cacheDir(): string {
  const dir = path.join(env().dataDir, "cache", "previews");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Cache key: the run and its checksum (a re-uploaded or replaced file never reuses a stale preview). */
const cacheBase = (runId: number, sha: string | null) => path.join(cacheDir(), `run-${runId}-${(sha ?? "nosha").slice(0, 16)}`);

async function cached<T>(file: string, make: () => Promise<T>): Promise<T> {
  try {
    return JSON.parse(await fsp.readFile(file, "utf8")) as T;
  } catch {
    const value = await make();
    await fsp.writeFile(`${file}.tmp`, JSON.stringify(value));
    await fsp.rename(`${file}.tmp`, file);
    return value;
  }
}

async function scratch<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-preview-"));
  try {
    return await fn(dir);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

function rowsFromManifest(m: ArtifactManifest) {
  const rows = new Map<string, number>();
  for (const t of m.payload.tables ?? []) if (t.rows != null) rows.set(`${t.schema ?? ""}.${t.name}`, t.rows);
  return rows;
}

export async function artifactContents(runId: number, sha: string | null, artifact: string, m: ArtifactManifest): Promise<Contents> {
  const base = cacheBase(runId, sha);
  switch (m.payload.name) {
    case "database.dump":
      // "-toc": listings cached before the archive's TOC was read properly are not reused.
      return cached(`${base}-toc.json`, () =>
        scratch(async (dir) => {
          const dump = path.join(dir, "database.dump");
          await extractEntryToFile(artifact, "database.dump", dump);
          const rows = rowsFromManifest(m);
          const { tables, objects } = await pgDumpContents(dump);
          return {
            kind: "tables" as const,
            source: "the dump's table of contents; row counts recorded at backup time",
            tables: tables.map((t) => ({ ...t, rows: rows.get(`${t.schema}.${t.name}`) ?? null })),
            objects,
          };
        }),
      );
    case "database.sql":
      return cached(`${base}.json`, async () => {
        const rows = rowsFromManifest(m);
        const names = await mysqlDumpTables(artifact);
        const tables = names.map((name) => ({ name, rows: rows.get(`.${name}`) ?? [...rows].find(([k]) => k.endsWith(`.${name}`))?.[1] ?? null }));
        return { kind: "tables" as const, source: "CREATE TABLE statements in the dump; row counts recorded at backup time", tables };
      });
    case "database.sqlite":
      return cached(`${base}.json`, () =>
        scratch(async (dir) => {
          const file = path.join(dir, "copy.sqlite");
          await extractEntryToFile(artifact, "database.sqlite", file);
          return { kind: "tables" as const, source: "counted in the backed-up copy", tables: sqliteTableCounts(file) };
        }),
      );
    case "files/": {
      const { fileCount, totalBytes } = await folderIndex(runId, sha, artifact);
      return { kind: "folder", fileCount, totalBytes };
    }
    case "dump.rdb":
      return { kind: "redis", sizeBytes: m.payload.sizeBytes ?? null, keys: m.payload.keys ?? null };
    default:
      return { kind: "other", note: `Payload ${m.payload.name}: no content listing` };
  }
}

/**
 * The folder's path list, written once to a cache file ("<type>\t<size>\t<path>" per line) so
 * searches and pages never hold the whole list in memory.
 */
async function folderIndex(runId: number, sha: string | null, artifact: string): Promise<{ file: string; fileCount: number; totalBytes: number }> {
  const base = cacheBase(runId, sha);
  const file = `${base}-paths.tsv`;
  const stats = await cached(`${base}-folder.json`, async () => {
    const out = fs.createWriteStream(`${file}.tmp`);
    let fileCount = 0;
    let totalBytes = 0;
    await listEntries(artifact, (e) => {
      const n = entryName(e.name);
      if (!n.startsWith("files/") || n === "files/") return;
      const rel = n.slice(6).replace(/\/$/, "").replace(/[\t\n]/g, " ");
      const kind = e.type === "directory" ? "dir" : e.type === "symlink" ? "link" : "file";
      if (kind !== "dir") fileCount++;
      if (kind === "file") totalBytes += e.size;
      out.write(`${kind}\t${e.size}\t${rel}\n`);
    });
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await fsp.rename(`${file}.tmp`, file);
    return { fileCount, totalBytes };
  });
  return { file, ...stats };
}

export interface PathPage {
  items: { path: string; type: string; size: number }[];
  /** Matches in total (for "page x of y"). */
  total: number;
  page: number;
  pageSize: number;
}

/** Server-side search over the folder's paths (case-insensitive substring), paged. */
export async function searchFolderPaths(runId: number, sha: string | null, artifact: string, q: string, page: number, pageSize = 100): Promise<PathPage> {
  const { file } = await folderIndex(runId, sha, artifact);
  const needle = q.trim().toLowerCase();
  const from = (page - 1) * pageSize;
  const items: PathPage["items"] = [];
  let total = 0;
  const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of rl) {
    const [type, size, p] = line.split("\t");
    if (needle && !p!.toLowerCase().includes(needle)) continue;
    if (total >= from && items.length < pageSize) items.push({ path: p!, type: type!, size: Number(size) });
    total++;
  }
  return { items, total, page, pageSize };
}
