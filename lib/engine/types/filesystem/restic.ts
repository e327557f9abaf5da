import type { ResticSourceOf } from "../../restic/source-spec";

/** restic reads the folder itself (from inside it: the snapshot's tree is the folder's content). */
export const filesystemRestic: ResticSourceOf = (s) => ({
  kind: "folder",
  path: String(s.path),
  exclude: Array.isArray(s.exclude) ? (s.exclude as string[]) : [],
});
