import fs from "node:fs";
import type { ConnectionCheck } from "../restore-shapes";
import { folderError } from "../shared/path-checks";

/** The folder exists and this process may list it. */
export async function folderConnection(source: Record<string, unknown>): Promise<ConnectionCheck> {
  const p = String(source.path);
  const error = folderError(p);
  if (error) return { ok: false, message: error };
  try {
    const entries = (await fs.promises.readdir(p)).length;
    return { ok: true, message: `Found and readable: ${entries} entr${entries === 1 ? "y" : "ies"} at the top level` };
  } catch (e) {
    return { ok: false, message: `The folder exists but cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
}
