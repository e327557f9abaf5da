import { execFileSync } from "node:child_process";

/** The pids (one per line) of processes whose command line matches `pattern`, or "" for none. */
export function pgrep(pattern: string): string {
  try {
    return execFileSync("pgrep", ["-f", pattern]).toString().trim();
  } catch {
    return "";
  }
}

/** Wait until `ok()` holds, checking every 50 ms; fails naming `what` after `ms`. */
export async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
