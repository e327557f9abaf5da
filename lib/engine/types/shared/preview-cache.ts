import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { env } from "../../../env";
import type { ArtifactManifest } from "../../archive/read";

function cacheDir(): string {
  const dir = path.join(env().dataDir, "cache", "previews");
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Cache key: the run and its checksum (a re-uploaded or replaced file never reuses a stale preview). */
export const cacheBase = (runId: number, sha: string | null) => path.join(cacheDir(), `run-${runId}-${(sha ?? "nosha").slice(0, 16)}`);

export async function cached<T>(file: string, make: () => Promise<T>): Promise<T> {
  try {
    return JSON.parse(await fsp.readFile(file, "utf8")) as T;
  } catch {
    const value = await make();
    await fsp.writeFile(`${file}.tmp`, JSON.stringify(value));
    await fsp.rename(`${file}.tmp`, file);
    return value;
  }
}

/** A private temporary folder for extracting a payload, removed afterwards. */
export async function scratch<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "lifeboat-preview-"));
  try {
    return await fn(dir);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/** Row counts the backup recorded, keyed "schema.table". */
export function rowsFromManifest(m: ArtifactManifest) {
  const rows = new Map<string, number>();
  for (const t of m.payload.tables ?? []) if (t.rows != null) rows.set(`${t.schema ?? ""}.${t.name}`, t.rows);
  return rows;
}
