import { describe, expect, it } from "vitest";
import { ensureHeadlessAdmin } from "./headless-admin";
import { countUsers } from "../services/users/create";
import { listUsers } from "../services/users/list";
import { verifyCredentials } from "../services/auth/sign-in";

const admin = { type: "system", role: "admin" } as const;

describe("headless first admin", () => {
  it("does nothing without both variables", async () => {
    expect(await ensureHeadlessAdmin({ LIFEBOAT_ADMIN_EMAIL: "a@example.com", LIFEBOAT_ADMIN_PASSWORD: undefined })).toBe("skipped");
    expect(countUsers()).toBe(0);
  });

  it("explains a password the account rules refuse", async () => {
    await expect(ensureHeadlessAdmin({ LIFEBOAT_ADMIN_EMAIL: "a@example.com", LIFEBOAT_ADMIN_PASSWORD: "short12" })).rejects.toThrow(/LIFEBOAT_ADMIN_PASSWORD.*password/);
  });

  it("creates the admin when no user exists, once", async () => {
    const e = { LIFEBOAT_ADMIN_EMAIL: "Boss@Example.com", LIFEBOAT_ADMIN_PASSWORD: "container-pass-1" };
    expect(await ensureHeadlessAdmin(e)).toBe("created");
    expect(await ensureHeadlessAdmin(e)).toBe("skipped");
    expect(listUsers(admin).map((u) => [u.email, u.role])).toEqual([["boss@example.com", "admin"]]);
    expect((await verifyCredentials("boss@example.com", "container-pass-1")).role).toBe("admin");
  });
});
