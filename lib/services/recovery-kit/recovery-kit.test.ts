import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/actor";
import { getDb } from "../../db/client";
import { auditLog } from "../../db/schema";
import { createUser } from "../users/create";
import { createStorageLocation } from "../storage-locations/create";
import { updateStorageLocation } from "../storage-locations/update";
import { exportRecoveryKit } from "./export";
import { importRecoveryKit } from "./import";
import { recoveryKitStatus } from "./status";

const CLI: Actor = { type: "cli", label: "test", role: "admin" };
let admin: Actor;
let operator: Actor;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "lb-kit-"));

beforeAll(async () => {
  const a = await createUser(CLI, { email: "kit-admin@example.com", password: "kit-password-1", role: "admin" });
  const o = await createUser(CLI, { email: "kit-op@example.com", password: "kit-password-2", role: "operator" });
  admin = { type: "user", id: a.id, email: a.email, role: "admin" };
  operator = { type: "user", id: o.id, email: o.email, role: "operator" };
});

describe("recovery kit", () => {
  it("nags admins once an encrypted location exists, until a kit was downloaded after the last change", async () => {
    await createStorageLocation(CLI, { name: "plain", kind: "local", settings: { path: path.join(folder, "plain") } });
    expect(recoveryKitStatus(admin).needed).toBe(false); // a plain local folder has no secret to lose
    const enc = await createStorageLocation(CLI, { name: "sealed", kind: "local", settings: { path: path.join(folder, "sealed") }, encryption: "age" });
    expect(recoveryKitStatus(admin).needed).toBe(true);
    expect(recoveryKitStatus(operator).needed).toBe(false);

    await exportRecoveryKit(admin, { password: "kit-password-1" });
    expect(recoveryKitStatus(admin)).toMatchObject({ needed: false, lastExportAt: expect.any(String) });
    await new Promise((r) => setTimeout(r, 5));
    await updateStorageLocation(CLI, enc.id, { ageRecipients: ["age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"] });
    expect(recoveryKitStatus(admin).needed).toBe(true);
  });

  it("asks the admin's password again (wrong: refused and throttled), refuses operators and API tokens, audits without secrets", async () => {
    await expect(exportRecoveryKit(admin, { password: "wrong" })).rejects.toThrow(/not your password/);
    await expect(exportRecoveryKit(admin, {})).rejects.toThrow(/not your password/);
    await expect(exportRecoveryKit(operator, { password: "kit-password-2" })).rejects.toThrow(/needs admin/);
    const token: Actor = { type: "token", id: 1, name: "t", role: "admin", appIds: null };
    await expect(exportRecoveryKit(token)).rejects.toThrow(/not with an API token/);
    const kit = await exportRecoveryKit(admin, { password: "kit-password-1" });
    expect(kit.filename).toMatch(/^lifeboat-recovery-kit-\d{4}-\d\d-\d\d\.json$/);
    const identity = JSON.parse(kit.body).locations.find((l: { name: string }) => l.name === "sealed").ageIdentity;
    expect(identity).toMatch(/^AGE-SECRET-KEY-1/);
    const audits = getDb().select().from(auditLog).where(eq(auditLog.action, "recovery_kit.export")).all();
    expect(audits.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audits)).not.toContain(identity);

    for (let i = 0; i < 4; i++) await exportRecoveryKit(admin, { password: "wrong" }).catch(() => {});
    await expect(exportRecoveryKit(admin, { password: "kit-password-1" })).rejects.toThrow(/Too many|try again/i);
  });

  it("import replaces a same-named location's keys, adds the others, and is checked before anything is written", async () => {
    const kit = JSON.parse((await exportRecoveryKit(CLI)).body);
    kit.locations.push({ ...kit.locations.find((l: { name: string }) => l.name === "plain"), name: "from-kit", settings: { path: path.join(folder, "k") } });
    expect(importRecoveryKit(CLI, JSON.stringify(kit))).toEqual({ created: ["from-kit"], updated: expect.arrayContaining(["plain", "sealed"]) });
    expect(recoveryKitStatus(admin).needed).toBe(false);
    const bad = { ...kit, locations: [...kit.locations, { ...kit.locations[0], name: "broken", settings: { path: "relative" } }] };
    expect(() => importRecoveryKit(CLI, JSON.stringify(bad))).toThrow(/absolute path/);
    expect(() => importRecoveryKit(operator, JSON.stringify(kit))).toThrow(/needs admin/);
    expect(() => importRecoveryKit(CLI, "not json")).toThrow(/not JSON/);
  });
});
