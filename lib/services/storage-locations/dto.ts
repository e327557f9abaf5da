import type { StorageLocation } from "../../db/schema";
import { storageKind } from "../../engine/storage/registry";
import { MASK } from "./schemas";

/** A location as admins and the API see it: secret fields are "***" when set, absent otherwise. */
export interface StorageDto {
  id: number;
  name: string;
  kind: string;
  /** Where it is, in words, without secrets: a folder, `s3://bucket/prefix at host`, `sftp://user@host/dir`. */
  where: string;
  settings: Record<string, unknown>;
  encryption: "none" | "age";
  /** Lifeboat's own age public key of this location (null until encryption was first turned on). */
  ageRecipient: string | null;
  /** Extra public keys artifacts are also encrypted to. */
  ageRecipients: string[];
  /** Artifacts of runs kept in this location now. */
  artifacts: number;
  createdAt: string;
  updatedAt: string | null;
}

/** Row → DTO. The sealed column is never opened here: whether a secret is set is all it tells. */
export function toStorageDto(row: StorageLocation, artifacts: number, secretFieldsSet: string[]): StorageDto {
  const kind = storageKind(row.kind);
  const settings: Record<string, unknown> = { ...row.settings };
  for (const f of kind.secretFields) if (secretFieldsSet.includes(f)) settings[f] = MASK;
  let where: string;
  try {
    where = kind.where(row.settings as never);
  } catch {
    where = row.kind;
  }
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    where,
    settings,
    encryption: row.encryption,
    ageRecipient: row.ageRecipient,
    ageRecipients: row.ageExtraRecipients ?? [],
    artifacts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt ? row.updatedAt.toISOString() : null,
  };
}
