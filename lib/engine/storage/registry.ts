import type { StorageKind } from "./kind";
import { localKind } from "./local/index";
import { s3Kind } from "./s3/index";
import { sftpKind } from "./sftp/index";

/** THE storage kinds: one line per kind (its folder under lib/engine/storage/<kind>/). */
const KINDS: StorageKind[] = [
  localKind as unknown as StorageKind,
  s3Kind as unknown as StorageKind,
  sftpKind as unknown as StorageKind,
];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));

export const STORAGE_KINDS = KINDS.map((k) => k.kind);

export function storageKind(kind: string): StorageKind {
  const k = byKind.get(kind);
  if (!k) throw new Error(`Unknown storage kind ${JSON.stringify(kind)} (known: ${STORAGE_KINDS.join(", ")})`);
  return k;
}

/** Tests only (through registry.testing.ts): a kind that exercises the paths remote backends take. */
export function registerStorageKindForTests(kind: StorageKind): () => void {
  byKind.set(kind.kind, kind);
  return () => byKind.delete(kind.kind);
}
