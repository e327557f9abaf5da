import { eq } from "drizzle-orm";
import { runs, type Run } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { actorAppScope, requirePermission, type Actor } from "../../auth/actor";
import type { RunDto } from "./dto";
import { rowToDto, selectRunRows } from "./query";
import { baseBackupOfRun } from "../../engine/pitr/base-runs";

/** The run row and its DTO, or NotFound (also when a scoped token may not see its app). */
export function loadRunForActor(actor: Actor, id: number): { run: Run; dto: RunDto } {
  requirePermission(actor, "read");
  const row = Number.isInteger(id) && id > 0 ? selectRunRows().where(eq(runs.id, id)).get() : undefined;
  const scope = actorAppScope(actor);
  if (!row || (scope && !scope.includes(row.appId))) throw new NotFoundError(`Run ${id} not found`);
  return { run: row.run, dto: rowToDto(row) };
}

export function getRun(actor: Actor, id: number): RunDto {
  const dto = loadRunForActor(actor, id).dto;
  return dto.kind === "pitr-base" ? { ...dto, pitrBase: baseBackupOfRun(id) } : dto;
}
