import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { ConflictError, NotFoundError } from "../../errors";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { toUserDto, type UserDto } from "./dto";

/** The user with this email (CLI commands name people by email). */
export function userIdByEmail(email: string): number {
  const row = getDb().select({ id: users.id }).from(users).where(eq(users.email, email.trim().toLowerCase())).get();
  if (!row) throw new NotFoundError(`No user with email ${email}`);
  return row.id;
}

/**
 * Mark an admin as break-glass: they may sign in with their password even when password sign-in
 * is turned off (the way back in when single sign-on breaks). Only the server's CLI does this.
 */
export function setBreakGlass(actor: Actor, email: string, on: boolean): UserDto {
  requirePermission(actor, "manage");
  if (actor.type !== "cli") throw new ConflictError("Break-glass admins are set on the server with the lifeboat command");
  const id = userIdByEmail(email);
  return getDb().transaction((tx) => {
    const before = tx.select().from(users).where(eq(users.id, id)).get()!;
    if (on && before.role !== "admin") throw new ConflictError(`${before.email} is ${before.role}: only an admin can be break-glass`);
    if (on && !before.passwordHash) throw new ConflictError(`${before.email} has no password (single sign-on account): set one first`);
    const row = tx.update(users).set({ breakGlass: on, updatedAt: new Date() }).where(eq(users.id, id)).returning().get();
    writeAudit(tx, actor, { action: "user.break_glass", entityType: "user", entityId: id, before: { breakGlass: before.breakGlass }, after: { breakGlass: on } });
    return toUserDto(row);
  });
}
