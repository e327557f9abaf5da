import { eq, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { users } from "../../db/schema";
import { ConflictError } from "../../errors";
import { hashPassword } from "../../auth/password";
import { writeAudit } from "../../audit/write";
import { requirePermission, type Actor, SYSTEM } from "../../auth/actor";
import { createUserInput, type CreateUserInput } from "./schemas";
import { toUserDto, type UserDto } from "./dto";

export async function createUser(actor: Actor, input: CreateUserInput): Promise<UserDto> {
  requirePermission(actor, "manage");
  const data = createUserInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  const db = getDb();
  return db.transaction((tx) => {
    const exists = tx.select({ id: users.id }).from(users).where(eq(users.email, data.email)).get();
    if (exists) throw new ConflictError(`A user with email ${data.email} already exists`);
    const row = tx
      .insert(users)
      .values({ email: data.email, name: data.name ?? null, passwordHash, role: data.role })
      .returning()
      .get();
    const dto = toUserDto(row);
    writeAudit(tx, actor, { action: "user.create", entityType: "user", entityId: row.id, after: dto });
    return dto;
  });
}

export function countUsers(): number {
  const db = getDb();
  return db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
}

/**
 * First-run setup: creates the first admin only while no user exists. The check and the insert
 * share one transaction, so two racing setup requests cannot both create an admin.
 */
export async function createFirstAdmin(
  input: { email: string; name?: string | null; password: string },
  actor: Actor = SYSTEM,
): Promise<UserDto> {
  const data = createUserInput.parse({ ...input, role: "admin" });
  const passwordHash = await hashPassword(data.password);
  const db = getDb();
  return db.transaction((tx) => {
    const n = tx.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
    if (n > 0) throw new ConflictError("Setup is already done: sign in instead");
    const row = tx
      .insert(users)
      .values({ email: data.email, name: data.name ?? null, passwordHash, role: "admin" })
      .returning()
      .get();
    const dto = toUserDto(row);
    writeAudit(tx, actor, { action: "user.setup", entityType: "user", entityId: row.id, after: dto });
    return dto;
  });
}
