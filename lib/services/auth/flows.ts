import crypto from "node:crypto";
import { and, eq, gt, lt } from "drizzle-orm";
import { getDb, type DbOrTx } from "../../db/client";
import { signInFlows, users, type SignInFlow } from "../../db/schema";
import { hashToken } from "../tokens/secret";
import { writeAudit } from "../../audit/write";
import { toUserDto, type UserDto } from "../users/dto";

/** A sign-in factor, as recorded in the session and the audit trail. */
export type SignInMethod = "password" | "oidc" | "passkey" | "totp" | "recovery_code" | "device";

// The second factor must follow within 10 minutes; a ticket is redeemed at once, server-side.
const FLOW_MS = 10 * 60_000;
const TICKET_MS = 60_000;

const random = () => crypto.randomBytes(32).toString("base64url");

function sweep(tx: DbOrTx, now: number): void {
  tx.delete(signInFlows).where(lt(signInFlows.expiresAt, new Date(now))).run();
}

/** First factor passed, second due: the token goes into the browser's httpOnly flow cookie. */
export function startFlow(tx: DbOrTx, userId: number, methods: SignInMethod[], next: string | null, now = Date.now()): { token: string } {
  sweep(tx, now);
  const token = random();
  tx.insert(signInFlows).values({ tokenHash: hashToken(token), userId, methods, next, expiresAt: new Date(now + FLOW_MS) }).run();
  return { token };
}

/** The flow behind a cookie, while it waits for its second factor. */
export function findFlow(db: DbOrTx, token: string | null | undefined, now = Date.now()): SignInFlow | null {
  if (!token) return null;
  const row = db
    .select()
    .from(signInFlows)
    .where(and(eq(signInFlows.tokenHash, hashToken(token)), gt(signInFlows.expiresAt, new Date(now))))
    .get();
  return row && !row.ticketHash ? row : null;
}

/** A factor passed, the session not started yet (enrolment: the recovery codes are shown first). */
export function passFactor(tx: DbOrTx, flowId: number, method: SignInMethod): void {
  const row = tx.select().from(signInFlows).where(eq(signInFlows.id, flowId)).get();
  if (!row) throw new Error("sign-in flow vanished");
  tx.update(signInFlows).set({ methods: [...row.methods, method] }).where(eq(signInFlows.id, flowId)).run();
}

/** Every factor passed: a one-minute, single-use ticket that the Auth.js provider turns into a session. */
export function completeFlow(tx: DbOrTx, flowId: number, method: SignInMethod | null, now = Date.now()): { ticket: string } {
  const row = tx.select().from(signInFlows).where(eq(signInFlows.id, flowId)).get();
  if (!row) throw new Error("sign-in flow vanished");
  const ticket = random();
  tx.update(signInFlows)
    .set({ methods: method ? [...row.methods, method] : row.methods, ticketHash: hashToken(ticket), expiresAt: new Date(now + TICKET_MS) })
    .where(eq(signInFlows.id, flowId))
    .run();
  return { ticket };
}

/** No second factor needed: a ticket straight away. */
export function issueTicket(tx: DbOrTx, userId: number, methods: SignInMethod[], now = Date.now()): { ticket: string } {
  sweep(tx, now);
  const ticket = random();
  tx.insert(signInFlows)
    .values({ tokenHash: hashToken(random()), userId, methods, ticketHash: hashToken(ticket), expiresAt: new Date(now + TICKET_MS) })
    .run();
  return { ticket };
}

/**
 * Redeem a ticket (once): the user and the factors they passed. This is where a sign-in is complete,
 * so this is where it is audited, with its methods (password, oidc, passkey, totp, …).
 */
export function redeemTicket(ticket: string, ip: string | null, now = Date.now()): { user: UserDto; methods: SignInMethod[] } | null {
  if (!ticket) return null;
  return getDb().transaction((tx) => {
    const flow = tx
      .select()
      .from(signInFlows)
      .where(and(eq(signInFlows.ticketHash, hashToken(ticket)), gt(signInFlows.expiresAt, new Date(now))))
      .get();
    if (!flow) return null;
    tx.delete(signInFlows).where(eq(signInFlows.id, flow.id)).run();
    const user = tx.update(users).set({ lastSignInAt: new Date(now) }).where(eq(users.id, flow.userId)).returning().get();
    if (!user || user.disabled) return null;
    const methods = flow.methods as SignInMethod[];
    writeAudit(tx, { type: "user", id: user.id, email: user.email, role: user.role, ip }, {
      action: "auth.sign_in",
      entityType: "user",
      entityId: user.id,
      after: { method: methods.join("+"), methods },
    });
    return { user: toUserDto(user), methods };
  });
}

export function dropFlow(tx: DbOrTx, flowId: number): void {
  tx.delete(signInFlows).where(eq(signInFlows.id, flowId)).run();
}
