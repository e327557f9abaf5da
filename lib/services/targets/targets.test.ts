import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { auditLog, targets } from "../../db/schema";
import { ConflictError, ForbiddenError, ValidationError } from "../../errors";
import { unsealJson } from "../../crypto/secrets";
import type { Actor } from "../../auth/actor";
import { createApp } from "../apps/create";
import { deleteApp } from "../apps/delete";
import { createTarget } from "./create";
import { updateTarget } from "./update";
import { deleteTarget } from "./delete";
import { listTargets } from "./list";
import { listTargetOverview } from "./overview";
import { getTarget } from "./get";
import { resolveTarget } from "../../engine/targets/resolve";

const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
const operator: Actor = { type: "user", id: 2, email: "op@example.com", role: "operator" };
const viewer: Actor = { type: "user", id: 3, email: "v@example.com", role: "viewer" };

const PASSWORD = "s3cret-Pa55word";
let dir: string;
let script: string;
let notExec: string;
let appId: number;

function fieldErrors(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError || e instanceof ConflictError) return e.fieldErrors;
    throw e;
  }
  throw new Error("expected a validation error");
}

const rawRow = (id: number) => getDb().$client.prepare("SELECT * FROM targets WHERE id = ?").get(id) as Record<string, unknown>;
const auditOf = (id: number) =>
  getDb().select().from(auditLog).where(eq(auditLog.entityId, String(id))).all().filter((r) => r.entityType === "target");

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lifeboat-targets-"));
  script = path.join(dir, "backup.sh");
  fs.writeFileSync(script, "#!/bin/sh\necho ok\n", { mode: 0o755 });
  notExec = path.join(dir, "plain.txt");
  fs.writeFileSync(notExec, "x", { mode: 0o644 });
  appId = createApp(admin, { name: "shop" }).id;
});

describe("target validation per type", () => {
  it("filesystem: the folder must exist and be a folder", () => {
    expect(fieldErrors(() => createTarget(admin, { appId, name: "up", type: "filesystem", source: { path: path.join(dir, "nope") } }))).toEqual({
      "source.path": `Folder not found: ${path.join(dir, "nope")}`,
    });
    expect(fieldErrors(() => createTarget(admin, { appId, name: "up", type: "filesystem", source: { path: notExec } }))["source.path"]).toMatch(/Not a folder/);
    expect(fieldErrors(() => createTarget(admin, { appId, name: "up", type: "filesystem", source: { path: "relative/dir" } }))["source.path"]).toMatch(/absolute/);
    const t = createTarget(admin, { appId, name: "uploads", type: "filesystem", source: { path: dir, exclude: ["*.tmp"] } });
    expect(t).toMatchObject({ type: "filesystem", source: { path: dir, exclude: ["*.tmp"] }, compression: "zstd", secretSet: false });
    expect(t.retention.keepDays).toBe(3);
    expect(t.pathTemplate).toBe("{app}/{target}/{date}");
  });

  it("sqlite: the file, or at least its folder, must exist", () => {
    expect(createTarget(admin, { appId, name: "lite", type: "sqlite", source: { path: path.join(dir, "new.db") } }).source.path).toBe(path.join(dir, "new.db"));
    expect(fieldErrors(() => createTarget(admin, { appId, name: "lite2", type: "sqlite", source: { path: "/no/such/dir/x.db" } }))["source.path"]).toMatch(/Neither the file nor its folder/);
    expect(fieldErrors(() => createTarget(admin, { appId, name: "lite2", type: "sqlite", source: { path: dir } }))["source.path"]).toMatch(/Not a file/);
  });

  it("script and hooks: must exist and be executable", () => {
    expect(fieldErrors(() => createTarget(admin, { appId, name: "s", type: "script", source: { command: notExec } }))["source.command"]).toMatch(/not executable/);
    expect(fieldErrors(() => createTarget(admin, { appId, name: "s", type: "script", source: { command: "/no/such/script" } }))["source.command"]).toMatch(/not found/);
    const errs = fieldErrors(() =>
      createTarget(admin, { appId, name: "s", type: "script", source: { command: script }, preHook: "/no/hook", postHook: notExec }),
    );
    expect(errs.preHook).toMatch(/pre-hook was not found/);
    expect(errs.postHook).toMatch(/post-hook is not executable/);
    expect(fieldErrors(() => createTarget(admin, { appId, name: "s", type: "script", source: { command: script }, preHook: "hook.sh" })).preHook).toMatch(/absolute/);
    const t = createTarget(admin, { appId, name: "s", type: "script", source: { command: script, args: ["--full"] }, preHook: script, postHook: script });
    expect(t).toMatchObject({ preHook: script, postHook: script, source: { command: script, args: ["--full"] } });
  });

  it("database URLs: malformed, wrong scheme and missing database are errors on source.url", () => {
    const url = (type: "postgres" | "mysql" | "redis", u: string) => fieldErrors(() => createTarget(admin, { appId, name: "db", type, source: { url: u } }))["source.url"];
    expect(url("postgres", "not a url")).toMatch(/Not a valid URL/);
    expect(url("postgres", "mysql://u:p@h/db")).toMatch(/must start with postgres/);
    expect(url("postgres", "postgres://u:p@h:5432")).toMatch(/no database name/);
    expect(url("mysql", "mysql://u:p@h")).toMatch(/no database name/);
    expect(url("redis", "redis://h/abc")).toMatch(/database number/);
    expect(fieldErrors(() => createTarget(admin, { appId, name: "db", type: "postgres", source: {} }))["source.url"]).toBeTruthy();
  });

  it("docker volume names and external targets", () => {
    expect(fieldErrors(() => createTarget(admin, { appId, name: "vol", type: "docker_volume", source: { volume: "bad name" } }))["source.volume"]).toMatch(/Docker volume/);
    expect(createTarget(admin, { appId, name: "vol", type: "docker_volume", source: { volume: "shop_data" } }).source).toEqual({ volume: "shop_data" });
    expect(createTarget(admin, { appId, name: "cron", type: "external", source: {} }).type).toBe("external");
  });

  it("path template: only known placeholders, no .., not absolute", () => {
    const tpl = (pathTemplate: string) =>
      fieldErrors(() => createTarget(admin, { appId, name: "tpl", type: "filesystem", source: { path: dir }, pathTemplate })).pathTemplate;
    expect(tpl("{app}/{foo}/{date}")).toMatch(/Unknown placeholder \{foo\}/);
    expect(tpl("{app}/../{date}")).toMatch(/\.\./);
    expect(tpl("/abs/{app}")).toMatch(/do not start it with \//);
    expect(tpl("{app}/{target")).toMatch(/Unbalanced/);
    expect(createTarget(admin, { appId, name: "tpl", type: "filesystem", source: { path: dir }, pathTemplate: "{app}/{target}/{date}-{time}" }).pathTemplate).toBe(
      "{app}/{target}/{date}-{time}",
    );
  });

  it("meta must be a JSON object; compression is none|gzip|zstd; retention numbers", () => {
    const base = { appId, name: "m", type: "filesystem" as const, source: { path: dir } };
    expect(fieldErrors(() => createTarget(admin, { ...base, meta: "[1,2]" })).meta).toMatch(/JSON object/);
    expect(fieldErrors(() => createTarget(admin, { ...base, meta: "{bad" })).meta).toMatch(/JSON object/);
    expect(fieldErrors(() => createTarget(admin, { ...base, compression: "lz4" as never })).compression).toBeTruthy();
    expect(fieldErrors(() => createTarget(admin, { ...base, retention: { keepDays: -1 } }))["retention.keepDays"]).toBeTruthy();
    const t = createTarget(admin, { ...base, meta: '{"owner":"ops"}', compression: "gzip", retention: { keepDays: "7", keepLast: "", keepWeekly: 4 } });
    expect(t.meta).toEqual({ owner: "ops" });
    expect(t.compression).toBe("gzip");
    expect(t.retention).toMatchObject({ keepDays: 7, keepLast: null, keepWeekly: 4 });
  });

  it("reports every problem at once, and an unknown app on appId", () => {
    const errs = fieldErrors(() =>
      createTarget(admin, { appId, name: "bad name", type: "filesystem", source: { path: "/no/such" }, pathTemplate: "{foo}", meta: "1" }),
    );
    expect(Object.keys(errs).sort()).toEqual(["meta", "name", "pathTemplate", "source.path"]);
    expect(fieldErrors(() => createTarget(admin, { appId: 9999, name: "x", type: "external", source: {} })).appId).toMatch(/does not exist/);
  });

  it("a target name is unique within its app", () => {
    createTarget(admin, { appId, name: "dup", type: "external", source: {} });
    expect(fieldErrors(() => createTarget(admin, { appId, name: "DUP", type: "external", source: {} })).name).toMatch(/taken/);
    const other = createApp(admin, { name: "other" }).id;
    expect(createTarget(admin, { appId: other, name: "dup", type: "external", source: {} }).appName).toBe("other");
  });
});

describe("target secrets", () => {
  it("stores the password sealed, never in clear, and never in the DTO or the audit trail", () => {
    const t = createTarget(admin, { appId, name: "pg", type: "postgres", source: { url: `postgres://app:${PASSWORD}@127.0.0.1:5432/shop` } });
    expect(t.source.url).toBe("postgres://app:***@127.0.0.1:5432/shop");
    expect(t.secretSet).toBe(true);
    expect(JSON.stringify(t)).not.toContain(PASSWORD);
    expect(t).not.toHaveProperty("secretEnc");
    expect(t).not.toHaveProperty("pingKey");

    const raw = rawRow(t.id);
    expect(JSON.stringify(raw)).not.toContain(PASSWORD);
    expect(String(raw.secret_enc)).toMatch(/^v1:/);
    expect(unsealJson(String(raw.secret_enc))).toEqual({ password: PASSWORD });
    expect(resolveTarget(t.id).source.url).toBe(`postgres://app:${PASSWORD}@127.0.0.1:5432/shop`);

    expect(JSON.stringify(listTargets(viewer))).not.toContain(PASSWORD);
    expect(JSON.stringify(getTarget(viewer, t.id))).not.toContain(PASSWORD);
    const audit = auditOf(t.id);
    expect(audit.map((a) => a.action)).toEqual(["target.create"]);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    expect(JSON.stringify(audit)).not.toContain(String(raw.secret_enc));
  });

  it("builds the URL from separate fields; an empty password keeps the secret, a new one replaces it", () => {
    const t = createTarget(admin, {
      appId,
      name: "maria",
      type: "mysql",
      source: { host: "127.0.0.1", port: "3306", user: "root", password: "p@ss:w/rd", database: "shop" },
    });
    expect(t.source).toEqual({ url: "mysql://root:***@127.0.0.1:3306/shop" });
    expect(resolveTarget(t.id).source.url).toBe("mysql://root:p%40ss%3Aw%2Frd@127.0.0.1:3306/shop");
    const sealed = rawRow(t.id).secret_enc;

    // The edit form sends the masked URL back untouched: the secret stays.
    updateTarget(admin, { id: t.id, source: { url: t.source.url } });
    expect(rawRow(t.id).secret_enc).toBe(sealed);
    // Separate fields with an empty password: the secret stays too.
    const kept = updateTarget(admin, { id: t.id, source: { host: "db.local", port: "3307", user: "root", password: "", database: "shop" } });
    expect(kept.source.url).toBe("mysql://root:***@db.local:3307/shop");
    expect(kept.secretSet).toBe(true);
    expect(resolveTarget(t.id).source.url).toBe("mysql://root:p%40ss%3Aw%2Frd@db.local:3307/shop");
    // A new password replaces it.
    updateTarget(admin, { id: t.id, source: { url: "mysql://root:n3w-pass@db.local:3307/shop" } });
    expect(unsealJson(String(rawRow(t.id).secret_enc))).toEqual({ password: "n3w-pass" });
    // A URL without any password clears it.
    const cleared = updateTarget(admin, { id: t.id, source: { url: "mysql://root@db.local:3307/shop" } });
    expect(cleared.secretSet).toBe(false);
    expect(rawRow(t.id).secret_enc).toBeNull();
    expect(JSON.stringify(auditOf(t.id))).not.toMatch(/p@ss|n3w-pass|p%40ss/);
  });

  it("a restricted restore login: its user is shown, its password sealed like the URL's, kept when left empty, dropped with the user", () => {
    const t = createTarget(admin, {
      appId,
      name: "pg-restricted",
      type: "postgres",
      source: { url: `postgres://app:${PASSWORD}@127.0.0.1:5432/shop`, restoreUser: "restorer", restorePassword: "r3stricted-pw" },
    });
    expect(t.source).toEqual({ url: "postgres://app:***@127.0.0.1:5432/shop", restoreUser: "restorer" });
    expect(JSON.stringify(t)).not.toContain("r3stricted-pw");
    expect(JSON.stringify(rawRow(t.id))).not.toContain("r3stricted-pw");
    expect(unsealJson(String(rawRow(t.id).secret_enc))).toEqual({ password: PASSWORD, restorePassword: "r3stricted-pw" });
    expect(JSON.stringify(getTarget(viewer, t.id))).not.toContain("r3stricted-pw");
    expect(JSON.stringify(auditOf(t.id))).not.toContain("r3stricted-pw");
    // The form sends the fields back with both passwords empty: both stay.
    updateTarget(admin, { id: t.id, source: { host: "127.0.0.1", port: "5432", user: "app", password: "", database: "shop", restoreUser: "restorer", restorePassword: "" } });
    expect(unsealJson(String(rawRow(t.id).secret_enc))).toEqual({ password: PASSWORD, restorePassword: "r3stricted-pw" });
    // Without the user, the restricted login is gone, password and all.
    const cleared = updateTarget(admin, { id: t.id, source: { url: t.source.url, restoreUser: "" } });
    expect(cleared.source).toEqual({ url: "postgres://app:***@127.0.0.1:5432/shop" });
    expect(unsealJson(String(rawRow(t.id).secret_enc))).toEqual({ password: PASSWORD });
    expect(fieldErrors(() => updateTarget(admin, { id: t.id, source: { url: t.source.url, restoreUser: "-U postgres" } }))).toHaveProperty("source.restoreUser");
  });

  it("a masked URL on create without a stored secret stores no password", () => {
    const t = createTarget(admin, { appId, name: "redis", type: "redis", source: { host: "127.0.0.1", port: "6379", database: "0" } });
    expect(t.secretSet).toBe(false);
    expect(t.source.url).toBe("redis://127.0.0.1:6379/0");
  });

  it("separate fields are validated per field", () => {
    const errs = fieldErrors(() => createTarget(admin, { appId, name: "pg2", type: "postgres", source: { host: "", port: "99999", user: "u", password: "", database: "" } }));
    expect(errs).toMatchObject({ "source.host": "Enter the host", "source.port": expect.stringMatching(/port/), "source.database": expect.stringMatching(/database/) });
  });
});

describe("target updates, deletes and roles", () => {
  it("updates only what is given and re-checks what changed", () => {
    const t = createTarget(admin, { appId, name: "files", type: "filesystem", source: { path: dir }, retention: { keepDays: 5, keepDaily: 7 } });
    const u = updateTarget(admin, { id: t.id, enabled: false, retention: { keepWeekly: 4 }, description: "nightly" });
    expect(u).toMatchObject({ enabled: false, description: "nightly", source: { path: dir } });
    expect(u.retention).toMatchObject({ keepDays: 5, keepDaily: 7, keepWeekly: 4 });
    expect(fieldErrors(() => updateTarget(admin, { id: t.id, source: { path: "/no/such" } }))["source.path"]).toMatch(/Folder not found/);
    expect(fieldErrors(() => updateTarget(admin, { id: t.id, type: "postgres" })).source).toMatch(/new type/);
    expect(fieldErrors(() => updateTarget(admin, { id: t.id, pathTemplate: "{foo}" })).pathTemplate).toMatch(/\{foo\}/);
    const audit = auditOf(t.id).find((a) => a.action === "target.update")!;
    expect((audit.before as { enabled: boolean }).enabled).toBe(true);
    expect((audit.after as { enabled: boolean }).enabled).toBe(false);
  });

  it("only admins change targets; viewers and operators read them", () => {
    const t = createTarget(admin, { appId, name: "roles", type: "external", source: {} });
    for (const who of [viewer, operator]) {
      expect(() => createTarget(who, { appId, name: "x", type: "external", source: {} })).toThrow(ForbiddenError);
      expect(() => updateTarget(who, { id: t.id, enabled: false })).toThrow(ForbiddenError);
      expect(() => deleteTarget(who, t.id)).toThrow(ForbiddenError);
      expect(getTarget(who, t.id).name).toBe("roles");
    }
    expect(getTarget(admin, t.id).enabled).toBe(true);
  });

  it("lists with app name and the status words, filtered by app and type; a token sees only its apps", () => {
    const lone = createApp(admin, { name: "lone" }).id;
    const t = createTarget(admin, { appId: lone, name: "only", type: "external", source: {} });
    const listed = listTargetOverview(viewer, { appId: lone });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ appName: "lone", name: "only", status: "never", lastRunStatus: null, lastRunAt: null, lastSuccessAt: null, lastSizeBytes: null });
    expect(listTargets(viewer, { type: "docker_volume" }).every((x) => x.type === "docker_volume")).toBe(true);
    const token: Actor = { type: "token", id: 1, name: "ci", role: "viewer", appIds: [lone] };
    expect(listTargets(token).map((x) => x.id)).toEqual([t.id]);
    expect(() => getTarget(token, listTargets(admin, { appId })[0]!.id)).toThrow(/not found/);
  });

  it("generates a ping key per target, unique", () => {
    const a = createTarget(admin, { appId, name: "ping1", type: "external", source: {} });
    const b = createTarget(admin, { appId, name: "ping2", type: "external", source: {} });
    const ka = String(rawRow(a.id).ping_key);
    expect(ka).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(rawRow(b.id).ping_key).not.toBe(ka);
    expect(a.pingKeySet).toBe(true);
  });

  it("deletes a target (audited) and an app's targets go with the app", () => {
    const t = createTarget(admin, { appId, name: "gone", type: "external", source: {} });
    deleteTarget(admin, t.id);
    expect(getDb().select().from(targets).where(eq(targets.id, t.id)).get()).toBeUndefined();
    expect(auditOf(t.id).map((a) => a.action)).toEqual(["target.create", "target.delete"]);
    const tmp = createApp(admin, { name: "tmp" }).id;
    const t2 = createTarget(admin, { appId: tmp, name: "x", type: "external", source: {} });
    deleteApp(admin, tmp);
    expect(getDb().select().from(targets).where(eq(targets.id, t2.id)).get()).toBeUndefined();
  });

  it("a failing audit insert rolls back a target change", () => {
    const t = createTarget(admin, { appId, name: "atomic", type: "external", source: {} });
    const sqlite = getDb().$client;
    sqlite.exec("CREATE TRIGGER audit_down BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit down'); END;");
    try {
      expect(() => updateTarget(admin, { id: t.id, enabled: false })).toThrow(/audit down/);
      expect(() => createTarget(admin, { appId, name: "atomic2", type: "external", source: {} })).toThrow(/audit down/);
      expect(() => deleteTarget(admin, t.id)).toThrow(/audit down/);
    } finally {
      sqlite.exec("DROP TRIGGER audit_down");
    }
    expect(getTarget(admin, t.id).enabled).toBe(true);
    expect(listTargets(admin).some((x) => x.name === "atomic2")).toBe(false);
  });
});
