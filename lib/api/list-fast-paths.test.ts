import { beforeAll, describe, expect, it } from "vitest";
import { and, desc, lt } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { actorAppScope, type Actor } from "@/lib/auth/actor";
import { refreshTargetStatuses } from "@/lib/engine/status/stored";
import { listTargetOverview } from "@/lib/services/targets/overview";
import { listRunsInput, rowToDto, runsWhere, selectRunRows } from "@/lib/services/runs/query";
import { verifyToken } from "@/lib/services/tokens/verify";
import { seedApi, ADMIN_CLI } from "@/test/api/fixtures";
import { apiTargetList } from "./target-list";
import { listApiRuns } from "./runs-page";
import { toApiRun } from "./run-shape";

/**
 * GET /api/v1/targets and /runs answer from narrow prepared statements (bench/api-load.ts); they
 * must say exactly what the general services say (target overview, the runs page query).
 */
const H = 3_600_000;

describe("the API list fast paths agree with the services", () => {
  let s: ReturnType<typeof seedApi>;
  let actors: Actor[];
  beforeAll(() => {
    s = seedApi();
    const now = Date.now();
    const ins = getDb().$client.prepare(
      "insert into runs (target_id, trigger, status, queued_at, started_at, finished_at, duration_ms, size_bytes, sha256, exit_code, error_summary) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const statuses = ["success", "failed", "partial", "cancelled", "interrupted"];
    [s.alphaFiles.id, s.alphaExt.id, s.betaExt.id].forEach((t, k) => {
      for (let i = 0; i < 40; i++) {
        const at = now - (40 - i) * H - k * 1000;
        const st = statuses[(i + k) % statuses.length]!;
        ins.run(t, i % 3 ? "scheduler" : "manual", st, at, at + 10, at + 5000, 4990, st === "success" ? 1000 + i : null, st === "success" ? "ab".repeat(32) : null, st === "success" ? 0 : 1, st === "success" ? null : "boom");
      }
    });
    refreshTargetStatuses([s.alphaFiles.id, s.alphaExt.id]); // betaExt stays without a row: computed
    actors = [ADMIN_CLI, verifyToken(s.tokens.viewer), verifyToken(s.tokens.alphaOnly)];
  });

  it("targets: the same rows, words and order as the overview", () => {
    for (const actor of actors) {
      for (const filter of [{}, { appId: s.alpha.id }, { type: "external" as const }]) {
        const want = listTargetOverview(actor, filter).map((t) => ({
          id: t.id,
          app: t.appName,
          name: t.name,
          type: t.type,
          enabled: t.enabled,
          status: t.status,
          lastRunAt: t.lastRunAt,
          lastSuccessAt: t.lastSuccessAt,
          lastSizeBytes: t.lastSizeBytes,
          nextRunAt: t.nextRunAt,
        }));
        expect(want.length).toBeGreaterThan(0);
        expect(JSON.stringify(apiTargetList(actor, filter))).toBe(JSON.stringify(want));
      }
    }
  });

  it("runs: the same pages as the runs query, cursor by cursor", () => {
    for (const actor of actors) {
      for (const q of [{}, { targetId: s.alphaExt.id }, { status: "failed" as const }, { targetId: s.betaExt.id, status: "success" as const }]) {
        let cursor: number | undefined;
        let pages = 0;
        do {
          const got = listApiRuns(actor, { targetId: q.targetId?.toString(), status: q.status, limit: "7", cursor: cursor?.toString() });
          const where = runsWhere(listRunsInput.parse(q), actorAppScope(actor));
          const want = selectRunRows()
            .where(cursor ? and(where, lt(runs.id, cursor)) : where)
            .orderBy(desc(runs.id))
            .limit(8)
            .all()
            .map((r) => toApiRun(rowToDto(r)));
          expect(JSON.stringify(got.runs)).toBe(JSON.stringify(want.slice(0, 7)));
          expect(got.nextCursor).toBe(want.length > 7 ? String(want[6]!.id) : null);
          cursor = got.nextCursor ? Number(got.nextCursor) : undefined;
          pages++;
        } while (cursor && pages < 30);
      }
    }
  });
});
