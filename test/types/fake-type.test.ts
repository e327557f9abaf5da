// The seam of issue 11 (one module per target type): a type registered only here goes through
// backup → artifact → restore → test restore → preview with the generic engine and services.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeTarget, tmpDir } from "@/test/backup/fixtures";
import { backupNow, restoreAndWait, runRow, userActor } from "@/test/restore/testing";
import { registerTestType } from "@/lib/engine/types/registry.testing";
import { findTypeModule, typeModule } from "@/lib/engine/types/registry";
import { readManifest } from "@/lib/engine/archive/read";
import { artifactFileOf } from "@/lib/engine/restore/paths";
import { runTestRestore } from "@/lib/services/restores/start-test";
import { getRestorePreview } from "@/lib/services/restores/preview";
import { targetTypeCatalog } from "@/lib/services/targets/type-catalog";
import { fakeKvType } from "./fake-kv-type.testing";

let unregister: () => void;
beforeAll(() => {
  unregister = registerTestType(fakeKvType);
});
afterAll(() => unregister());

describe("a target type added by one module and one registration", () => {
  test("backs up, restores (original with a safety backup, and alternate), test-restores and previews through the generic code", async () => {
    const op = userActor("operator");
    const dir = tmpDir("lb-fake-kv-");
    const file = path.join(dir, "keys.json");
    fs.writeFileSync(file, JSON.stringify({ a: 1, b: 2, c: 3 }));
    // The type column holds any registered type's name; TARGET_TYPES only types the built-in ones.
    const t = makeTarget({ type: "fake_kv" as never, source: { file }, storageRoot: tmpDir("lb-fake-kv-store-") });

    const base = await backupNow(op, t.id);
    const manifest = await readManifest(artifactFileOf(base));
    expect(manifest).toMatchObject({ type: "fake_kv", source: { file }, tool: { name: "fake-kv" }, payload: { name: "kv.json", keys: 3 } });

    fs.writeFileSync(file, JSON.stringify({ changed: true }));
    const r = await restoreAndWait(op, { runId: base.id, destination: { mode: "original" }, confirmName: t.name });
    expect(r.errorSummary).toBeNull();
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ a: 1, b: 2, c: 3 });
    // The safety backup was taken by the same generic backup path, of the changed file.
    const safety = runRow(r.safetyRunId!);
    expect(safety.status).toBe("success");
    expect((safety.manifest as { payload: { keys: number } }).payload.keys).toBe(1);

    const alt = path.join(tmpDir("lb-fake-kv-alt-"), "copy.json");
    const a = await restoreAndWait(op, { runId: base.id, destination: { mode: "alternate", path: alt }, confirmName: t.name });
    expect(a.errorSummary).toBeNull();
    expect(JSON.parse(fs.readFileSync(alt, "utf8"))).toEqual({ a: 1, b: 2, c: 3 });

    const verified = await runTestRestore(op, base.id);
    expect(verified.errorSummary).toBeNull();
    expect(runRow(base.id).verifyMessage).toMatch(/restore-verified at .*: 3 key\(s\) match/);

    const preview = await getRestorePreview(op, base.id, { mode: "alternate", path: path.join(dir, "elsewhere.json") });
    expect(preview.contents).toEqual({ kind: "other", note: "3 key(s)" });
    expect(preview.destination.label).toBe(`key file ${path.join(dir, "elsewhere.json")}`);
    expect(preview.destination.state).toMatchObject({ exists: false, empty: true });
  });

  test("the form's catalog lists it while registered, and an unknown type is refused", () => {
    expect(targetTypeCatalog().find((c) => c.type === "fake_kv")).toMatchObject({ label: "Fake key file (tests only)", runsBackups: true, restorable: true });
    expect(() => registerTestType(fakeKvType)).toThrow(/already registered/);
    expect(findTypeModule("no_such_type")).toBeNull();
    expect(() => typeModule("no_such_type")).toThrow(/Unknown target type/);
  });
});
