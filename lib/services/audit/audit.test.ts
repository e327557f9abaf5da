import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { apps, runs, targets } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { writeAudit } from "../../audit/write";
import { listAudit, auditFilterOptions } from "./list";
import { csvField, exportAuditCsv } from "./csv";
import { diffValues } from "./diff";

const admin: Actor = { type: "user", id: 1, email: "admin@example.com", role: "admin" };
const viewer: Actor = { type: "user", id: 2, email: "viewer@example.com", role: "viewer" };

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("audit trail", () => {
  it("lists with filters and server-side paging, newest first, secrets removed", () => {
    const db = getDb();
    db.transaction((tx) => {
      for (let i = 0; i < 60; i++) {
        writeAudit(tx, admin, { action: "target.update", entityType: "target", entityId: i % 3, before: { name: `t${i}` }, after: { name: `t${i + 1}` } }, new Date(Date.UTC(2025, 0, 1 + (i % 10))));
      }
      writeAudit(tx, viewer, { action: "auth.sign_in", entityType: "user", entityId: 2 }, new Date(Date.UTC(2025, 1, 1)));
      writeAudit(tx, admin, { action: "target.create", entityType: "target", entityId: 9, after: { source: { url: "postgres://u:hunter22@h/db" }, password: "hunter22" } });
    });
    const p1 = listAudit(admin, { page: 1 });
    expect(p1.total).toBe(62);
    expect(p1.rows).toHaveLength(50);
    expect(p1.pageCount).toBe(2);
    expect(p1.rows[0]!.action).toBe("target.create");
    expect(JSON.stringify(p1.rows[0])).not.toContain("hunter22");
    expect(listAudit(admin, { page: 2 }).rows).toHaveLength(12);

    expect(listAudit(admin, { actor: "viewer@example.com" }).total).toBe(1);
    expect(listAudit(admin, { action: "target." }).total).toBe(61);
    expect(listAudit(admin, { action: "target.create" }).total).toBe(1);
    expect(listAudit(admin, { entityType: "target", entityId: "0" }).total).toBe(20);
    expect(listAudit(admin, { from: "2025-01-01", to: "2025-01-02" }).total).toBe(12);
    expect(() => listAudit(admin, { from: "yesterday" })).toThrow();
    expect(() => listAudit(viewer, {})).toThrow(/role/);
    expect(auditFilterOptions(admin).actors).toEqual(["admin@example.com", "viewer@example.com"]);
  });

  it("shows before/after as a field diff", () => {
    expect(diffValues({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 5, d: 3 }, e: "x" })).toEqual([
      { path: "b.c", before: 2, after: 5 },
      { path: "e", before: null, after: "x" },
    ]);
    expect(diffValues(null, { name: "n" })).toEqual([{ path: "name", before: null, after: "n" }]);
  });

  it("lists only the fields a created or deleted record had, without `runId: — → —` noise", () => {
    expect(diffValues(null, { name: "n", runId: null, note: "", tags: [], size: 0 })).toEqual([
      { path: "name", before: null, after: "n" },
      { path: "size", before: null, after: 0 },
    ]);
    expect(diffValues({ name: "gone", description: null }, null)).toEqual([{ path: "name", before: "gone", after: null }]);
    expect(diffValues({ a: null, b: 1 }, { a: undefined, b: 1 })).toEqual([]);
  });

  it("escapes CSV fields and defuses spreadsheet formulas", () => {
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(null)).toBe("");
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });

  it("exports the filtered trail as CSV and audits the export", async () => {
    const csv = await text(exportAuditCsv(admin, { action: "target.create" }));
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("id,at,actor_type,actor,action,entity_type,entity_id,ip,changes,before,after");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("target.create");
    expect(csv).not.toContain("hunter22");
    expect(listAudit(admin, { action: "audit.export" }).total).toBe(1);
    const all = await text(exportAuditCsv(admin, {}));
    // 62 rows + 2 export rows + header
    expect(all.trim().split("\r\n")).toHaveLength(65);
    expect(() => exportAuditCsv(viewer, {})).toThrow(/role/);
  });

  it("names what each row is about, with a link while it exists, and the recorded name once deleted", () => {
    const db = getDb();
    const app = db.insert(apps).values({ name: "crm" }).returning().get();
    const target = db.insert(targets).values({ appId: app.id, name: "db", type: "filesystem", source: { path: "/tmp" } }).returning().get();
    const run = db.insert(runs).values({ targetId: target.id, trigger: "manual", status: "success", queuedAt: new Date() }).returning().get();
    db.transaction((tx) => {
      writeAudit(tx, admin, { action: "target.update", entityType: "target", entityId: target.id, before: { name: "db0" }, after: { name: "db" } });
      writeAudit(tx, admin, { action: "run.trigger", entityType: "run", entityId: run.id, after: { runId: null, targetId: target.id } });
      writeAudit(tx, admin, { action: "app.delete", entityType: "app", entityId: 9999, before: { name: "old-shop" } });
    });
    const rows = listAudit(admin, { page: 1 }).rows;
    const of = (action: string) => rows.find((r) => r.action === action)!;
    expect(of("target.update").entity).toEqual({ label: "crm/db", href: `/targets/${target.id}` });
    expect(of("run.trigger").entity).toEqual({ label: `run #${run.id} of crm/db`, href: `/runs/${run.id}` });
    expect(of("run.trigger").changes).toEqual([{ path: "targetId", before: null, after: target.id }]);
    expect(of("app.delete").entity).toEqual({ label: "app old-shop (deleted)", href: null });
  });
});
