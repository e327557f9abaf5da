import type { Target } from "../../db/schema";
import { ValidationError } from "../../errors";
import { typeModule } from "../types/registry";
import type { DestinationInput, Resolved } from "../types/restore-shapes";

export { destinationInput, type DestinationInput, type Resolved } from "../types/restore-shapes";

export function canRestoreType(type: string): boolean {
  return !!typeModule(type).restore;
}

/** The concrete destination (with the target's secrets) for a target and a form input. */
export function resolveDestination(target: Target, source: Record<string, unknown>, input: DestinationInput): Resolved {
  const mod = typeModule(target.type);
  if (!mod.restore) throw new ValidationError(mod.noRestoreReason ?? `Targets of type ${target.type} cannot be restored by Lifeboat`);
  // The restore runs where the backup ran: the target's server (null: Local).
  return { ...mod.restore.resolve(target, source, input), serverId: target.serverId ?? null };
}

/** The destination for display and for the restores row: no password. */
export function describeDestination(d: Resolved): string {
  return typeModule(d.type).restore!.describe(d);
}
