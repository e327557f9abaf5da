import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import type { PayloadName } from "@/lib/engine/archive/manifest";
import { tmpDir } from "./fixtures";

/**
 * An artifact made by hand, as an attacker or another tool would: a plain tar with a
 * manifest.json and the given payload file. Uploaded with receiveUpload, it becomes a run with
 * trigger "upload".
 */
export function craftArtifact(type: string, payload: PayloadName, content: string | Buffer, tables?: { schema?: string; name: string; rows: number }[]): string {
  const dir = tmpDir("lb-craft-");
  const manifest = {
    format: "lifeboat-artifact",
    formatVersion: 1,
    app: "elsewhere",
    target: "crafted",
    type,
    compression: "none",
    startedAt: new Date().toISOString(),
    finishedAt: new Date().toISOString(),
    payload: { name: payload, sizeBytes: Buffer.byteLength(content), ...(tables ? { tables } : {}) },
  };
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  fs.writeFileSync(path.join(dir, payload), content);
  const file = path.join(tmpDir("lb-craft-out-"), "crafted.tar");
  execFileSync("tar", ["--format=ustar", "-cf", file, "-C", dir, "manifest.json", payload]);
  return file;
}
