import { asc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { NotFoundError } from "../../errors";
import { requirePermission, type Actor } from "../../auth/actor";
import { toUserDto, type UserDto } from "./dto";

export function listUsers(actor: Actor): UserDto[] {
  requirePermission(actor, "manage");
  return getDb().select().from(users).orderBy(asc(users.email)).all().map(toUserDto);
}

export function getUser(actor: Actor, id: number): UserDto {
  requirePermission(actor, "read");
  const row = getDb().select().from(users).where(eq(users.id, id)).get();
  if (!row) throw new NotFoundError(`User ${id} not found`);
  return toUserDto(row);
}
