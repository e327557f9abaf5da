import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readSha256File } from "../archive/sha256-file";

export interface VerifyOutcome {
  ok: boolean;
  /** What the user reads: which check failed, or what was checked. */
  message: string;
  actual: string | null;
}

export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const h = crypto.createHash("sha256");
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20, signal })) h.update(chunk as Buffer);
  return h.digest("hex");
}

/**
 * Check an artifact file against the sha256 recorded on its run and the `<file>.sha256` beside it.
 * Any mismatch (or a missing file) is a failure; nothing else is touched.
 */
export async function verifyArtifactFile(file: string, recorded: string | null, signal?: AbortSignal): Promise<VerifyOutcome> {
  if (!fs.existsSync(file)) return { ok: false, message: `The artifact file is missing from storage (${path.basename(file)})`, actual: null };
  const side = await readSha256File(file);
  if (!recorded && !side) return { ok: false, message: "No sha256 is recorded for this artifact, so it cannot be verified", actual: null };
  const actual = await sha256File(file, signal);
  if (recorded && actual !== recorded.toLowerCase()) {
    return { ok: false, message: `Checksum mismatch: the file's sha256 is ${actual}, the run recorded ${recorded}. The artifact is damaged; do not restore it.`, actual };
  }
  if (side && actual !== side) {
    return { ok: false, message: `Checksum mismatch: the file's sha256 is ${actual}, its .sha256 file says ${side}. The artifact is damaged; do not restore it.`, actual };
  }
  const against = [recorded ? "the run's record" : null, side ? "the .sha256 file" : null].filter(Boolean).join(" and ");
  return { ok: true, message: `sha256 ${actual} matches ${against}`, actual };
}
