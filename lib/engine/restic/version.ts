import { ResticError } from "./errors";
import { RESTIC_BIN } from "./exec";
import { trackedExeca } from "../process/process-registry";

/** "restic 0.14.0 compiled with go1.19.8 on linux/amd64" → [0, 14, 0]; null when unreadable. */
export function parseResticVersion(text: string): [number, number, number] | null {
  const m = /restic (\d+)\.(\d+)\.(\d+)/.exec(text);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/**
 * The installed restic, refused below 0.14: repository format 2 (compression), `--json` on
 * forget/ls and `copy --copy-chunker-params` are what this engine relies on.
 */
export async function requireRestic(): Promise<string> {
  const r = await trackedExeca(RESTIC_BIN, ["version"], { reject: false, timeout: 10_000 });
  if ((r as unknown as { code?: string }).code === "ENOENT") throw new ResticError(`restic is not installed (command not found: ${RESTIC_BIN}); on Debian: apt-get install restic`, "not-installed");
  const v = parseResticVersion(String(r.stdout));
  if (!v) throw new ResticError(`Cannot read the restic version (${String(r.stdout || r.stderr).slice(0, 200)})`);
  if (v[0] === 0 && v[1] < 14) throw new ResticError(`restic ${v.join(".")} is too old: Lifeboat needs 0.14 or newer`, "not-installed");
  return v.join(".");
}
