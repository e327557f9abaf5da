import { targetTypes } from "../../engine/types/registry";
import type { FormField } from "../../engine/types/form-fields";

export type { FormField, FieldKind } from "../../engine/types/form-fields";

/** One target type as the form and the OpenAPI document see it: plain data from its module. */
export interface TargetTypeDto {
  type: string;
  label: string;
  fields: FormField[];
  /** Lifeboat runs its backups (false: external, reported by the team's own scripts). */
  runsBackups: boolean;
  restorable: boolean;
  /** The form offers "Test connection". */
  canTestConnection: boolean;
  /** The type can use the restic engine (`"engine": "restic"`). */
  resticEngine: boolean;
  /** The type can run on another server (the form's "Server" choice). */
  runsOnServers: boolean;
}

/**
 * The target types, from lib/engine/types/registry.ts. Not secret and the same for everyone (the
 * OpenAPI document publishes it), so no actor: the form's page already checked who may see it.
 */
export function targetTypeCatalog(): TargetTypeDto[] {
  return targetTypes().map((m) => ({
    type: m.type,
    label: m.label,
    fields: m.fields.map((f) => ({ ...f })),
    runsBackups: !!m.backup,
    restorable: !!m.restore,
    canTestConnection: !!m.testConnection,
    resticEngine: !!m.restic,
    runsOnServers: !!m.runsOnServers,
  }));
}
