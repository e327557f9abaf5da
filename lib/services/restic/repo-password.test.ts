import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor";
import { getDb } from "../../db/client";
import { auditLog } from "../../db/schema";
import { ConflictError } from "../../errors";
import { getLocation } from "../../engine/storage/locations";
import { withRepoOf } from "../../engine/restic/target-repo";
import { createUser } from "../users/create";
import { createStorageLocation } from "../storage-locations/create";
import { revealResticPassword, unshownResticPasswords } from "./repo-password";

const CLI: Actor = { type: "cli", label: "test", role: "admin" };
let admin: Actor;
let operator: Actor;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lb-restic-pw-"));

beforeAll(async () => {
  const a = await createUser(CLI, { email: "pw-admin@example.com", password: "pw-password-1", role: "admin" });
  const o = await createUser(CLI, { email: "pw-op@example.com", password: "pw-password-2", role: "operator" });
  admin = { type: "user", id: a.id, email: a.email, role: "admin" };
  operator = { type: "user", id: o.id, email: o.email, role: "operator" };
});

describe("a restic repository's password, shown once", () => {
  it("is listed once the repository exists, shown once after the admin's password, opens the repository with restic itself, and is never shown again", async () => {
    const loc = await createStorageLocation(CLI, { name: "nas", kind: "local", settings: { path: path.join(folder, "nas") } });
    expect(unshownResticPasswords(admin)).toEqual([]);
    // The first restic use of the location creates the repository (real restic init).
    await withRepoOf(getLocation(loc.id)!, async () => undefined);
    expect(unshownResticPasswords(admin)).toEqual([{ storageId: loc.id, storageName: "nas", createdAt: expect.any(String) }]);

    expect(() => unshownResticPasswords(operator)).toThrow(/admin/);
    await expect(revealResticPassword(operator, loc.id, "pw-password-2")).rejects.toThrow(/admin/);
    const token: Actor = { type: "token", id: 1, name: "t", role: "admin", appIds: null };
    await expect(revealResticPassword(token, loc.id, "x")).rejects.toThrow(/in the console/);
    await expect(revealResticPassword(admin, loc.id, "wrong")).rejects.toThrow(/not your password/);
    expect(unshownResticPasswords(admin)).toHaveLength(1);

    const shown = await revealResticPassword(admin, loc.id, "pw-password-1");
    expect(shown.storageName).toBe("nas");
    const out = execFileSync("restic", ["-r", path.join(folder, "nas", "restic"), "--no-cache", "--json", "snapshots"], {
      env: { ...process.env, RESTIC_PASSWORD: shown.password },
    }).toString();
    expect(JSON.parse(out)).toEqual([]);

    expect(unshownResticPasswords(admin)).toEqual([]);
    await expect(revealResticPassword(admin, loc.id, "pw-password-1")).rejects.toBeInstanceOf(ConflictError);
    const audits = getDb().select().from(auditLog).where(eq(auditLog.action, "restic.password_reveal")).all();
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain(shown.password);
  }, 60_000);
});
