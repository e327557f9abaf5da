import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../../db/client";
import { seedRun, seedTarget } from "../../../../test/notify/seed";
import { storageUsage } from "../../../metrics/storage";
import { storageRoots, usedBytesByRoot } from "./usage";

const nas = path.join(process.env.LIFEBOAT_DATA_DIR!, "nas");

beforeAll(() => {
  const { target } = seedTarget("shop", "db", { storageRoot: nas });
  const { target: other } = seedTarget("shop", "files");
  seedRun(target.id, "success", { sizeBytes: 100, artifactState: "present", storageRoot: nas });
  // The same folder spelled with a trailing slash: one root, both artifacts count.
  seedRun(target.id, "success", { sizeBytes: 20, artifactState: "present", storageRoot: `${nas}/` });
  seedRun(target.id, "success", { sizeBytes: 5000, artifactState: "pruned", storageRoot: nas });
  // No recorded root: written under the console default.
  seedRun(other.id, "success", { sizeBytes: 3, artifactState: "present", storageRoot: null });
});

describe("usedBytesByRoot", () => {
  it("sums present artifacts per resolved root; a run without a root counts at the default only when asked", () => {
    const { defaultRoot } = storageRoots(getDb());
    expect(Object.fromEntries(usedBytesByRoot(getDb()))).toEqual({ [nas]: 120 });
    expect(Object.fromEntries(usedBytesByRoot(getDb(), defaultRoot))).toEqual({ [nas]: 120, [defaultRoot]: 3 });
  });
});

describe("storageUsage (metrics)", () => {
  it("lists the default root and every target's root, with free space of a root not created yet", () => {
    const { defaultRoot } = storageRoots(getDb());
    const rows = storageUsage(getDb());
    expect(rows.map((r) => r.root)).toEqual([defaultRoot, nas].sort());
    const n = rows.find((r) => r.root === nas)!;
    expect(n.usedBytes).toBe(120);
    expect(n.freeBytes).toBeGreaterThan(0);
    expect(rows.find((r) => r.root === defaultRoot)!.usedBytes).toBe(3);
  });
});
