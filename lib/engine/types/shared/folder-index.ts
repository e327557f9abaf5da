import fs from "node:fs";
import fsp from "node:fs/promises";
import readline from "node:readline";
import type { Readable } from "node:stream";
import tar from "tar-stream";
import { walkArtifact, entryName } from "../../archive/read";
import { cacheBase, cached } from "./preview-cache";

/**
 * The folder's path list (files/…, or the members of a Docker volume's volume.tar), written once to a cache file ("<type>\t<size>\t<path>" per line) so
 * searches and pages never hold the whole list in memory.
 */
export async function folderIndex(runId: number, sha: string | null, artifact: string): Promise<{ file: string; fileCount: number; totalBytes: number }> {
  const base = cacheBase(runId, sha);
  const file = `${base}-paths.tsv`;
  const stats = await cached(`${base}-folder.json`, async () => {
    const out = fs.createWriteStream(`${file}.tmp`);
    let fileCount = 0;
    let totalBytes = 0;
    const add = (rel: string, type: string, size: number) => {
      const kind = type === "directory" ? "dir" : type === "symlink" ? "link" : "file";
      if (kind !== "dir") fileCount++;
      if (kind === "file") totalBytes += size;
      out.write(`${kind}\t${size}\t${rel.replace(/\/$/, "").replace(/[\t\n]/g, " ")}\n`);
    };
    await walkArtifact(artifact, async (e, body) => {
      const n = entryName(e.name);
      if (n.startsWith("files/") && n !== "files/") return add(n.slice(6), e.type, e.size);
      if (n !== "volume.tar") return;
      // A Docker volume: the members of the tar inside the artifact ("./a/b" → "a/b").
      const inner = tar.extract();
      body.on("error", (err) => inner.destroy(err));
      body.pipe(inner);
      for await (const m of inner) {
        const name = entryName(m.header.name);
        if (name && name !== ".") add(name, m.header.type ?? "file", m.header.size ?? 0);
        (m as unknown as Readable).resume();
      }
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
