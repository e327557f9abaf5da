import fs from "node:fs";
import path from "node:path";

export interface FreeSpace {
  /** The folder measured (the destination or its nearest existing parent). */
  path: string;
  freeBytes: number;
  totalBytes: number;
}

/** Free space where `p` lives (fs.statfs of the nearest existing folder); null when unknown. */
export async function freeSpaceAt(p: string | null | undefined): Promise<FreeSpace | null> {
  if (!p) return null;
  let at = path.resolve(p);
  while (!fs.existsSync(at)) {
    const up = path.dirname(at);
    if (up === at) return null;
    at = up;
  }
  try {
    const s = await fs.promises.statfs(at);
    return { path: at, freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
  } catch {
    return null;
  }
}
