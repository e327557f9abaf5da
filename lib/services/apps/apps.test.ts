import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { apps, auditLog } from "../../db/schema";
import { ConflictError, ForbiddenError } from "../../errors";
import type { Actor } from "../../auth/actor";
import { createApp } from "./create";
import { updateApp } from "./update";
import { deleteApp } from "./delete";
import { listApps } from "./list";
import { getApp } from "./get";

const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
const operator: Actor = { type: "user", id: 2, email: "op@example.com", role: "operator" };
const viewer: Actor = { type: "user", id: 3, email: "v@example.com", role: "viewer" };

describe("apps", () => {
  it("an admin creates, renames and deletes an app, each change audited", () => {
    const app = createApp(admin, { name: "shop", description: "The web shop" });
    expect(app).toMatchObject({ name: "shop", description: "The web shop", targetCount: 0 });
    const renamed = updateApp(admin, { id: app.id, name: "shop-web" });
    expect(renamed.name).toBe("shop-web");
    expect(renamed.description).toBe("The web shop");
    deleteApp(admin, app.id);
    expect(getDb().select().from(apps).where(eq(apps.id, app.id)).get()).toBeUndefined();
    const actions = getDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityId, String(app.id)))
      .all()
      .filter((r) => r.entityType === "app")
      .map((r) => [r.action, r.actorLabel]);
    expect(actions).toEqual([
      ["app.create", "admin@example.com"],
      ["app.update", "admin@example.com"],
      ["app.delete", "admin@example.com"],
    ]);
  });

  it("refuses a taken name (any case) with an error on the name field", () => {
    createApp(admin, { name: "crm" });
    let err: unknown;
    try {
      createApp(admin, { name: "CRM" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).fieldErrors).toEqual({ name: "This name is taken" });
  });

  it("viewers and operators read but cannot change apps", () => {
    const app = createApp(admin, { name: "wiki" });
    expect(listApps(viewer).map((a) => a.name)).toContain("wiki");
    expect(getApp(viewer, app.id).name).toBe("wiki");
    for (const who of [viewer, operator]) {
      expect(() => createApp(who, { name: "evil" })).toThrow(ForbiddenError);
      expect(() => updateApp(who, { id: app.id, name: "evil" })).toThrow(ForbiddenError);
      expect(() => deleteApp(who, app.id)).toThrow(ForbiddenError);
    }
    expect(getApp(admin, app.id).name).toBe("wiki");
  });

  it("rejects names that would be unsafe in a storage path", () => {
    expect(() => createApp(admin, { name: "../etc" })).toThrow();
    expect(() => createApp(admin, { name: "a/b" })).toThrow();
    expect(() => createApp(admin, { name: "  " })).toThrow();
  });

  it("a failing audit insert rolls the change back", () => {
    const sqlite = getDb().$client;
    sqlite.exec("CREATE TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END;");
    try {
      expect(() => createApp(admin, { name: "ghost" })).toThrow(/audit down/);
    } finally {
      sqlite.exec("DROP TRIGGER audit_down");
    }
    expect(getDb().select().from(apps).where(eq(apps.name, "ghost")).get()).toBeUndefined();
  });
});
