import { describe, expect, it } from "vitest";
import { createFirstAdmin, createUser, countUsers } from "./create";
import { updateUser } from "./update";
import { loadActiveUser, verifyCredentials } from "../auth/sign-in";
import { getDb } from "../../db/client";
import { auditLog } from "../../db/schema";
import type { Actor } from "../../auth/actor";

describe("users and sign-in", () => {
  it("creates the first admin once, then refuses a second setup", async () => {
    expect(countUsers()).toBe(0);
    const admin = await createFirstAdmin({ email: "Admin@Example.com", password: "correct-horse-1" });
    expect(admin.email).toBe("admin@example.com");
    expect(admin).not.toHaveProperty("passwordHash");
    await expect(createFirstAdmin({ email: "b@example.com", password: "correct-horse-1" })).rejects.toThrow(/already done/);
  });

  it("lets only admins create users and audits it", async () => {
    const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
    const viewer: Actor = { type: "user", id: 2, email: "v@example.com", role: "viewer" };
    await createUser(admin, { email: "v@example.com", password: "viewer-pass-1", role: "viewer" });
    await expect(createUser(viewer, { email: "x@example.com", password: "viewer-pass-1", role: "admin" })).rejects.toThrow(/role/);
    const rows = getDb().select().from(auditLog).all();
    expect(rows.map((r) => r.action)).toContain("user.create");
    expect(JSON.stringify(rows)).not.toContain("viewer-pass-1");
  });

  it("keeps one admin", async () => {
    const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
    await expect(updateUser(admin, { id: 1, role: "viewer" })).rejects.toThrow(/at least one/);
  });

  it("an admin's password reset ends the user's sessions from before it; a role change does not", async () => {
    const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
    const before = Date.now() - 1;
    await updateUser(admin, { id: 2, role: "operator" });
    expect(loadActiveUser(2, before)).not.toBeNull();
    await updateUser(admin, { id: 2, password: "viewer-pass-2" });
    expect(loadActiveUser(2, before)).toBeNull();
    expect(loadActiveUser(2, Date.now() + 1)).not.toBeNull();
  });

  it("signs in, and locks the email after 5 failures with a clear message", async () => {
    const ok = await verifyCredentials("admin@example.com", "correct-horse-1", "10.0.0.1");
    expect(ok.id).toBe(1);
    for (let i = 0; i < 4; i++) {
      await expect(verifyCredentials("admin@example.com", "wrong", "10.0.0.1")).rejects.toThrow(/Wrong email or password/);
    }
    await expect(verifyCredentials("admin@example.com", "wrong", "10.0.0.1")).rejects.toThrow(/Too many failed sign-ins/);
    // Even the right password is refused while locked.
    await expect(verifyCredentials("admin@example.com", "correct-horse-1", "10.0.0.1")).rejects.toThrow(/Try again in 15 minutes/);
  });
});
