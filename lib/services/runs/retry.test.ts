import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { events, targets, users } from "../../db/schema";
import type { Actor } from "../../auth/actor";
import { enqueueRun } from "./trigger";
import { waitForRun } from "../../engine/runs/wait";
import { makeTarget } from "../../../test/scheduler/fixtures";
import { retryRun } from "./retry";

getDb().insert(users).values({ id: 2, email: "o@x.test", passwordHash: "x", role: "operator" }).run();
const operator: Actor = { type: "user", id: 2, email: "o@x.test", role: "operator" };
const viewer: Actor = { type: "user", id: 3, email: "v@x.test", role: "viewer" };

describe("retryRun with the real runner", () => {
  it("retries a failed run as a linked new run; its success records target.recovered", async () => {
    const missing = path.join(os.tmpdir(), `lifeboat-missing-${Date.now()}`);
    const t = makeTarget({ source: { path: missing }, compression: "gzip" });
    const failed = await waitForRun(enqueueRun(operator, t.id, { trigger: "manual" }).id, 60_000);
    expect(failed.status).toBe("failed");
    expect(() => retryRun(viewer, failed.id)).toThrow(/role/);
    fs.mkdirSync(missing);
    fs.writeFileSync(path.join(missing, "x.txt"), "now it exists");
    const retry = retryRun(operator, failed.id);
    const done = await waitForRun(retry.id, 60_000);
    expect(done.status).toBe("success");
    expect(done.trigger).toBe("retry");
    expect(done.retryOfRunId).toBe(failed.id);
    expect(done.attempt).toBe(2);
    expect(() => retryRun(operator, done.id)).toThrow(/only a failed/);
    const start = Date.now();
    for (;;) {
      const types = getDb().select().from(events).where(eq(events.targetId, t.id)).all().map((e) => e.type);
      if (types.includes("target.recovered")) break;
      if (Date.now() - start > 10_000) throw new Error(`no target.recovered event: ${types.join(", ")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(getDb().select().from(targets).where(eq(targets.id, t.id)).get()?.overdueSince).toBeNull();
  });
});
