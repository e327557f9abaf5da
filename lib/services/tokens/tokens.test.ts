import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apiTokens, auditLog } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { createApp } from "../apps/create";
import { createToken } from "./create";
import { listTokens } from "./list";
import { revokeToken } from "./revoke";
import { verifyToken } from "./verify";
import { hashToken } from "./secret";

const admin: Actor = { type: "cli", label: "test", role: "admin" };
const operator: Actor = { type: "user", id: 5, email: "op@example.com", role: "operator" };

describe("API tokens", () => {
  it("creates a token shown once and stores only its sha256", () => {
    const { token, info } = createToken(admin, { name: "cron", role: "operator" });
    expect(token).toMatch(/^lb_[A-Za-z0-9_-]{43}$/);
    expect(info.prefix).toBe(token.slice(0, 10));
    const row = getDb().select().from(apiTokens).where(eq(apiTokens.id, info.id)).get()!;
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(listTokens(admin))).not.toContain(token);
    const audit = getDb().select().from(auditLog).where(eq(auditLog.action, "token.create")).all();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("only admins manage tokens", () => {
    expect(() => createToken(operator, { name: "x", role: "viewer" })).toThrow(/role/);
    expect(() => listTokens(operator)).toThrow(/role/);
  });

  it("validates name, role, expiry and app ids", () => {
    expect(() => createToken(admin, { name: "", role: "viewer" })).toThrow(/name/);
    expect(() => createToken(admin, { name: "a", role: "root" as never })).toThrow();
    expect(() => createToken(admin, { name: "a", role: "viewer", expiresAt: "2001-01-01" })).toThrow(/future/);
    expect(() => createToken(admin, { name: "a", role: "viewer", appIds: [999] })).toThrow(/unknown app/i);
  });

  it("verifies, tracks last use, and refuses revoked and expired tokens at once", () => {
    const app = createApp(admin, { name: "tok-app" });
    const { token, info } = createToken(admin, { name: "scoped", role: "viewer", appIds: [app.id] });
    const t0 = new Date();
    const actor = verifyToken(token, "10.0.0.9", t0);
    expect(actor).toMatchObject({ type: "token", id: info.id, role: "viewer", appIds: [app.id], ip: "10.0.0.9" });
    expect(listTokens(admin).find((t) => t.id === info.id)!.lastUsedAt).toBe(t0.toISOString());
    // Throttled: a second use within the minute does not write.
    verifyToken(token, null, new Date(t0.getTime() + 5_000));
    expect(listTokens(admin).find((t) => t.id === info.id)!.lastUsedAt).toBe(t0.toISOString());
    const uses = getDb().select().from(auditLog).where(eq(auditLog.action, "token.use")).all();
    expect(uses.length).toBe(1);
    expect(uses[0]!.actorLabel).toBe("token:scoped");

    expect(() => verifyToken(null)).toThrow(/Missing API token/);
    expect(() => verifyToken("lb_nope")).toThrow(/Invalid API token/);
    revokeToken(admin, info.id);
    expect(() => verifyToken(token)).toThrow(/revoked/);
    expect(listTokens(admin).find((t) => t.id === info.id)!.state).toBe("revoked");

    const exp = createToken(admin, { name: "short", role: "viewer", expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect(verifyToken(exp.token).id).toBe(exp.info.id);
    expect(() => verifyToken(exp.token, null, new Date(Date.now() + 120_000))).toThrow(/expired/);
  });
});
