import { describe, expect, it } from "vitest";
import { getDb } from "../../db/client";
import { seedRun, seedTarget } from "../../../test/notify/seed";
import { activeRunOf } from "../../engine/runs/active";

describe("activeRunOf", () => {
  it("finds a queued or running run of the target, not finished ones, not other targets', and can leave one out", () => {
    const { target } = seedTarget("shop", "db");
    const { target: other } = seedTarget("shop", "files");
    seedRun(target.id, "success");
    seedRun(target.id, "cancelled");
    seedRun(other.id, "running");
    expect(activeRunOf(getDb(), target.id)).toBeUndefined();
    const queued = seedRun(target.id, "queued", { startedAt: null, finishedAt: null });
    expect(activeRunOf(getDb(), target.id)).toEqual({ id: queued.id });
    expect(activeRunOf(getDb(), target.id, queued.id)).toBeUndefined();
  });
});
