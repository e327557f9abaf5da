import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tmpDir } from "@/test/backup/fixtures";
import { removePitrScratch } from "./scratch-recovery";
import { pitrScratchRoot } from "./target-stream";

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

  it("is this console's own: start-up recovery never removes a restore another console on the machine is running", () => {
    const base = tmpDir("lb-pitr-base-");
    process.env.LIFEBOAT_PITR_SCRATCH = base;
    try {
      const mine = pitrScratchRoot();
      expect(path.dirname(mine)).toBe(base);
      const theirs = path.join(base, "0123456789ab", "pitr-restore-abc123");
      fs.mkdirSync(path.join(theirs, "data"), { recursive: true });
      fs.mkdirSync(path.join(mine, "pitr-restore-def456"), { recursive: true });
      expect(removePitrScratch(mine)).toEqual([path.join(mine, "pitr-restore-def456")]);
      expect(fs.existsSync(theirs)).toBe(true);
    } finally {
      delete process.env.LIFEBOAT_PITR_SCRATCH;
    }
  });
});
