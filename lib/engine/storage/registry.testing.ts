import { z } from "zod";
import type { StorageBackend } from "./backend";
import type { StorageKind } from "./kind";
import { LocalBackend } from "./local/backend";
import { registerStorageKindForTests } from "./registry";

/**
 * A folder seen the way a remote backend is (no localPath): the archive writer must spool and
 * `put`, downloads must `open(key, range)`, restores must fetch. Tests only.
 */
export function remoteLikeBackend(root: string): StorageBackend {
  const local = new LocalBackend(root);
  return {
    kind: "remote-like",
    where: `remote-like://${root}`,
    put: (k, b, o) => local.put(k, b, o),
    open: (k, r) => local.open(k, r),
    stat: (k) => local.stat(k),
    list: (p) => local.list(p),
    delete: (k) => local.delete(k),
    discardIncomplete: (k) => local.discardIncomplete(k),
    freeSpace: () => local.freeSpace(),
    probe: () => local.probe(),
  };
}

const settings = z.object({ path: z.string().min(1) });

/** Registers the "remote-like" kind; returns the undo. */
export function registerRemoteLikeKind(): () => void {
  const kind: StorageKind<z.infer<typeof settings>> = {
    kind: "remote-like",
    label: "Remote-like folder (tests)",
    settings,
    secretFields: [],
    create: (s) => remoteLikeBackend(s.path),
    where: (s) => `remote-like://${s.path}`,
  };
  return registerStorageKindForTests(kind as unknown as StorageKind);
}
