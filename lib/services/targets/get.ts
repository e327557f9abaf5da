import { getDb } from "../../db/client";
import { NotFoundError } from "../../errors";
import { requirePermission, actorAppScope, type Actor } from "../../auth/actor";
import { loadTargetDto } from "./row-query";
import type { TargetDto } from "./dto";

export function getTarget(actor: Actor, id: number): TargetDto {
  requirePermission(actor, "read");
  const dto = loadTargetDto(getDb(), id);
  const scope = actorAppScope(actor);
  // A token limited to some apps sees the others' targets as absent, not as forbidden.
  if (!dto || (scope && !scope.includes(dto.appId))) throw new NotFoundError(`Target ${id} not found`);
  return dto;
}
