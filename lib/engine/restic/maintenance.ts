import { ResticError } from "./errors";
import { runRestic, type ResticCallOptions } from "./exec";
import type { ResticRepo } from "./repo";

/**
 * Drop data no snapshot uses any more. `maxUnused` ("5%", "0", "unlimited") trades space for
 * time: packs that are mostly still used are kept rather than rewritten.
 */
export async function prune(repo: ResticRepo, opts: ResticCallOptions & { maxUnused?: string } = {}): Promise<void> {
  await runRestic(repo, ["prune", "--max-unused", opts.maxUnused ?? "5%"], "prune", opts);
}

export interface CheckResult {
  ok: boolean;
  /** restic's own words when it found damage. */
  problems: string[];
}

/**
 * Verify the repository's structure and re-read a part of its data (`readDataSubset`: "10%",
 * "1/5" or a size like "500M"), so a weekly check reads everything over a few weeks.
 */
export async function check(repo: ResticRepo, opts: ResticCallOptions & { readDataSubset?: string } = {}): Promise<CheckResult> {
  const args = ["check"];
  if (opts.readDataSubset) args.push("--read-data-subset", opts.readDataSubset);
  const problems: string[] = [];
  const onStderr = (l: string) => {
    if (/error|damaged|fatal|not referenced|unused/i.test(l)) problems.push(l);
    opts.onStderr?.(l);
  };
  const onLine = (l: string) => {
    if (/error|damaged|fatal/i.test(l)) problems.push(l);
    opts.onLine?.(l);
  };
  try {
    await runRestic(repo, args, "check", { ...opts, onStderr, onLine });
    return { ok: true, problems: [] };
  } catch (e) {
    if (problems.length === 0 || (e instanceof ResticError && e.kind !== "failed")) throw e;
    return { ok: false, problems };
  }
}

/** Bytes the repository holds (after dedup and compression): restic stats --mode raw-data. */
export async function rawDataSize(repo: ResticRepo, opts: ResticCallOptions = {}): Promise<number> {
  const { stdout } = await runRestic(repo, ["stats", "--mode", "raw-data", "--no-lock"], "stats", { ...opts, capture: true });
  const o = JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as { total_size?: number };
  return o.total_size ?? 0;
}
