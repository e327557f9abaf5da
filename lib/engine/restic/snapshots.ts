import { parseJsonLines, runRestic, type ResticCallOptions } from "./exec";
import type { ResticRepo } from "./repo";

export interface Snapshot {
  id: string;
  shortId: string;
  time: Date;
  paths: string[];
  tags: string[];
  hostname: string;
  parent: string | null;
  /** The source snapshot's full id when `restic copy` made this one. */
  original: string | null;
}

interface RawSnapshot {
  id: string;
  short_id?: string;
  time: string;
  paths?: string[];
  tags?: string[];
  hostname?: string;
  parent?: string;
  original?: string;
}

/** Snapshots, oldest first; `tags` narrows to those carrying all of them. */
export async function listSnapshots(repo: ResticRepo, filter: { tags?: string[] } = {}, opts: ResticCallOptions = {}): Promise<Snapshot[]> {
  const args = ["snapshots", "--no-lock"];
  if (filter.tags?.length) args.push("--tag", filter.tags.join(","));
  const { stdout } = await runRestic(repo, args, "snapshots", { ...opts, capture: true });
  const lists = parseJsonLines<RawSnapshot[]>(stdout);
  return (lists[0] ?? []).map((s) => ({
    id: s.id,
    shortId: s.short_id ?? s.id.slice(0, 8),
    time: new Date(s.time),
    paths: s.paths ?? [],
    tags: s.tags ?? [],
    hostname: s.hostname ?? "",
    parent: s.parent ?? null,
    original: s.original ?? null,
  }));
}

/** Remove snapshots by id (no prune: the data goes with the next prune). */
export async function forgetSnapshots(repo: ResticRepo, ids: string[], opts: ResticCallOptions = {}): Promise<void> {
  if (ids.length) await runRestic(repo, ["forget", ...ids], "forget", opts);
}
