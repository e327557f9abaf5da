import { RestoreError } from "./context";

const FULL = new Set(["ENOSPC", "EDQUOT"]);

/** True for "no space left on device" and "disk quota exceeded", from fs calls or tools' stderr. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return (typeof code === "string" && FULL.has(code)) || /No space left on device|Disk quota exceeded/i.test(String((e as Error | null)?.message ?? ""));
}

/**
 * A failed write during a restore, said the way a person needs it: which path, and a full disk as
 * a full disk (not as a damaged archive or a bare "ENOSPC: write").
 */
export function writeFailure(e: unknown, what: string): Error {
  if (e instanceof RestoreError) return e;
  if (isDiskFull(e)) return new RestoreError(`The destination's disk is full: no space left while writing ${what}`);
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === "string") return new RestoreError(`Could not write ${what}: ${err.message}`);
  return e as Error;
}
