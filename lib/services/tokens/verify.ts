import { eq, sql } from "drizzle-orm";
import { getDb, type Db } from "../../db/client";
import { apiTokens } from "../../db/schema";
import { UnauthorizedError } from "../../errors";
import { writeAudit } from "../../audit/write";
import type { Actor } from "../../auth/actor";
import { hashToken } from "./secret";
import { tokenState } from "./dto";

export type TokenActor = Extract<Actor, { type: "token" }>;

// lastUsedAt is written at most once a minute per token, and a "token.use" audit row at most
// once an hour, so a script polling every few seconds does not turn into a write per request.
const LAST_USED_EVERY_MS = 60_000;
const AUDIT_USE_EVERY_MS = 60 * 60_000;

// Every API request looks its token up: one statement prepared per connection, not built per request.
const lookups = new WeakMap<Db, ReturnType<typeof prepareLookup>>();
const prepareLookup = (db: Db) => db.select().from(apiTokens).where(eq(apiTokens.tokenHash, sql.placeholder("hash"))).prepare();
function tokenByHash(db: Db, hash: string) {
  let q = lookups.get(db);
  if (!q) lookups.set(db, (q = prepareLookup(db)));
  return q.get({ hash });
}

/**
 * Turn a presented bearer token into an Actor, or throw UnauthorizedError (missing, unknown,
 * revoked, expired). Reads the row on every call, so a revoke applies to the very next request.
 */
export function verifyToken(raw: string | null | undefined, ip: string | null = null, now = new Date()): TokenActor {
  if (!raw) throw new UnauthorizedError("Missing API token: send Authorization: Bearer <token>");
  const db = getDb();
  const row = tokenByHash(db, hashToken(raw));
  if (!row) throw new UnauthorizedError("Invalid API token");
  const state = tokenState(row, now);
  if (state === "revoked") throw new UnauthorizedError("This API token has been revoked");
  if (state === "expired") throw new UnauthorizedError("This API token has expired");
  const actor: TokenActor = { type: "token", id: row.id, name: row.name, role: row.role, appIds: row.appIds ?? null, ip };
  const last = row.lastUsedAt?.getTime() ?? 0;
  if (now.getTime() - last >= LAST_USED_EVERY_MS) {
    db.transaction((tx) => {
      tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)).run();
      if (now.getTime() - last >= AUDIT_USE_EVERY_MS) {
        writeAudit(tx, actor, { action: "token.use", entityType: "api_token", entityId: row.id }, now);
      }
    });
  }
  return actor;
}
