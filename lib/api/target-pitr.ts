import type { Actor } from "../auth/actor";
import { ValidationError } from "../errors";
import { pitrSettingOf, setTargetPitr, type PitrSetting } from "../services/pitr/set-pitr";
import { deleteTarget } from "../services/targets/delete";
import type { TargetDto } from "../services/targets/dto";

/**
 * `"pitr": { "enabled": true }` in a target's POST/PATCH body: split off before the target
 * service (which knows nothing of it), applied after it by the PITR service (preflight, slot,
 * stream). The definition the API answers with carries the setting back as `pitr`.
 */
export function splitPitr(body: Record<string, unknown>): { rest: Record<string, unknown>; pitr: unknown } {
  const { pitr, ...rest } = body;
  return { rest, pitr };
}

export async function applyPitr(actor: Actor, dto: TargetDto, pitr: unknown, opts: { created?: boolean } = {}): Promise<TargetDto & { pitr: PitrSetting | null }> {
  if (pitr !== undefined && pitr !== null) {
    if (dto.type !== "postgres") {
      if (opts.created) deleteTarget(actor, dto.id, { deleteArtifacts: false });
      throw new ValidationError("pitr is for postgres targets only", { pitr: "PostgreSQL targets only" });
    }
    try {
      await setTargetPitr(actor, dto.id, pitr as never);
    } catch (e) {
      // A target created in this request with a PITR the server refuses is not half made: it goes again.
      if (opts.created) deleteTarget(actor, dto.id, { deleteArtifacts: false });
      throw e;
    }
  }
  return { ...dto, pitr: dto.type === "postgres" ? pitrSettingOf(dto.id) : null };
}
