import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tmpDir } from "@/test/backup/fixtures";
import { removePitrScratch } from "./scratch-recovery";

describe("PITR scratch left by a stopped console", () => {
  it("removes restore scratch folders only, never through a link, and spares the ones in use", () => {
    const root = tmpDir("lb-pitr-scratch-rec-");
    const outside = tmpDir("lb-pitr-outside-");
    fs.writeFileSync(path.join(outside, "keep"), "x");
    for (const d of ["pitr-restore-abc123", "pitr-restore-def456", "other"]) fs.mkdirSync(path.join(root, d, "data"), { recursive: true });
    fs.symlinkSync(outside, path.join(root, "pitr-restore-zzz999"));
    const removed = removePitrScratch(root, new Set([path.join(root, "pitr-restore-def456")]));
    expect(removed).toEqual([path.join(root, "pitr-restore-abc123")]);
    expect(fs.readdirSync(root).sort()).toEqual(["other", "pitr-restore-def456", "pitr-restore-zzz999"]);
    expect(fs.readdirSync(outside)).toEqual(["keep"]);
  });
});
