import { and, eq, ne, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { ConflictError, NotFoundError } from "../../errors";
import { hashPassword } from "../../auth/password";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor } from "../../auth/actor";
import { updateUserInput, type UpdateUserInput } from "./schemas";
import { toUserDto, type UserDto } from "./dto";

export async function updateUser(actor: Actor, input: UpdateUserInput): Promise<UserDto> {
  requirePermission(actor, "manage");
  const data = updateUserInput.parse(input);
  const passwordHash = data.password ? await hashPassword(data.password) : undefined;
  return getDb().transaction((tx) => {
    const before = tx.select().from(users).where(eq(users.id, data.id)).get();
    if (!before) throw new NotFoundError(`User ${data.id} not found`);
    const demoting = before.role === "admin" && ((data.role && data.role !== "admin") || data.disabled);
    if (demoting) {
      const otherAdmins =
        tx
          .select({ n: sql<number>`count(*)` })
          .from(users)
          .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, data.id)))
          .get()?.n ?? 0;
      if (otherAdmins === 0) throw new ConflictError("Keep at least one active admin");
    }
    const row = tx
      .update(users)
      .set({
        name: data.name === undefined ? before.name : data.name,
        role: data.role ?? before.role,
        disabled: data.disabled ?? before.disabled,
        passwordHash: passwordHash ?? before.passwordHash,
        // A new password ends the user's other sessions (an admin resetting a stolen one).
        sessionsValidFrom: passwordHash ? new Date() : before.sessionsValidFrom,
        updatedAt: new Date(),
      })
      .where(eq(users.id, data.id))
      .returning()
      .get();
    const after = toUserDto(row);
    writeAudit(tx, actor, {
      action: "user.update",
      entityType: "user",
      entityId: row.id,
      before: toUserDto(before),
      after: { ...after, passwordChanged: Boolean(passwordHash) },
    });
    return after;
  });
}

export function deleteUser(actor: Actor, id: number): void {
  requirePermission(actor, "manage");
  if (actor.type === "user" && actor.id === id) throw new ConflictError("You cannot delete yourself");
  getDb().transaction((tx) => {
    const before = tx.select().from(users).where(eq(users.id, id)).get();
    if (!before) throw new NotFoundError(`User ${id} not found`);
    if (before.role === "admin") {
      const admins =
        tx.select({ n: sql<number>`count(*)` }).from(users).where(eq(users.role, "admin")).get()?.n ?? 0;
      if (admins <= 1) throw new ConflictError("Keep at least one admin");
    }
    tx.delete(users).where(eq(users.id, id)).run();
    writeAudit(tx, actor, { action: "user.delete", entityType: "user", entityId: id, before: toUserDto(before) });
  });
}
