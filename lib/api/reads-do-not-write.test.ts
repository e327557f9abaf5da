import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import * as targetsRoute from "@/app/api/v1/targets/route";
import * as runsRoute from "@/app/api/v1/runs/route";
import * as targetRoute from "@/app/api/v1/targets/[id]/route";
import { refreshTargetStatuses } from "@/lib/engine/status/stored";
import { seedApi } from "@/test/api/fixtures";
import { call } from "@/test/api/testing";

/**
 * A GET with a token writes nothing in the common case: the token's last_used_at is written at most
 * once a minute (lib/services/tokens/verify.ts) and the status words are read from target_status,
 * not computed and stored per request. SQLite's total_changes() counts every row this connection wrote.
 */
const changes = () => (getDb().$client.prepare("select total_changes() as n").get() as { n: number }).n;

describe("API reads do not write", () => {
  let s: ReturnType<typeof seedApi>;
  beforeAll(() => {
    s = seedApi();
    refreshTargetStatuses();
  });

  it("a token's first GET records its use; GETs within the throttle window write nothing", async () => {
    const first = changes();
    expect((await call(targetsRoute.GET, "GET", "/api/v1/targets", { token: s.tokens.viewer })).status).toBe(200);
    expect(changes()).toBeGreaterThan(first); // last_used_at + the hourly token.use audit row
    const before = changes();
    for (const [route, path, params] of [
      [targetsRoute.GET, "/api/v1/targets", {}],
      [runsRoute.GET, "/api/v1/runs", {}],
      [targetRoute.GET, `/api/v1/targets/${s.alphaFiles.id}`, { id: String(s.alphaFiles.id) }],
      [targetsRoute.GET, "/api/v1/targets", {}],
    ] as const) {
      const res = await call(route, "GET", path, { token: s.tokens.viewer, params });
      expect(res.status, path).toBe(200);
    }
    expect(changes()).toBe(before);
  });
});
