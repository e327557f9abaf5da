import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { extractEntryToFile } from "@/lib/engine/archive/read";
import { RestoreError } from "@/lib/engine/restore/context";
import { freeSpaceAt } from "@/lib/engine/restore/free-space";
import type { TargetTypeModule } from "@/lib/engine/types/module";

/**
 * A target type that exists only in tests: a JSON file of keys. It is written the way a new
 * type would be (README, "Extending Lifeboat"), and reaches the engine only through the
 * registry: nothing else in the code knows its name.
 */
const keysOf = (file: string) => Object.keys(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>).length;

export const fakeKvType: TargetTypeModule = {
  type: "fake_kv",
  label: "Fake key file (tests only)",
  fields: [{ name: "file", label: "Key file", kind: "path", required: true }],
  schema: z.object({ file: z.string().startsWith("/") }),
  secretFields: [],
  describe: (s) => ({ file: s.file }),
  payloadNames: ["kv.json"],
  backup: {
    type: "fake_kv",
    describe: (s) => ({ file: s.file }),
    async produce(ctx) {
      const out = path.join(ctx.workDir, "kv.json");
      await fsp.copyFile(String(ctx.source.file), out);
      ctx.progress(fs.statSync(out).size);
      return { kind: "file", path: out, name: "kv.json", keys: keysOf(out), finishedAt: new Date(), tool: { name: "fake-kv", version: "1" }, server: null };
    },
  },
  restore: {
    resolve(target, source, input) {
      if (input.mode === "original") return { type: target.type, kind: "kv-file", path: String(source.file), original: true };
      if (input.mode === "alternate" && input.path?.startsWith("/")) return { type: target.type, kind: "kv-file", path: input.path, original: false };
      throw new RestoreError(`fake_kv: no ${input.mode} destination`);
    },
    describe: (d) => `key file ${d.path}`,
    async into(ctx, dest) {
      await extractEntryToFile(ctx.artifact, "kv.json", dest.path!, ctx.signal);
      return `Wrote ${keysOf(dest.path!)} key(s) to ${dest.path}`;
    },
    async probe(d) {
      const free = await freeSpaceAt(path.dirname(d.path!));
      if (!fs.existsSync(d.path!)) return { exists: false, empty: true, sizeBytes: null, free };
      return { exists: true, empty: keysOf(d.path!) === 0, sizeBytes: fs.statSync(d.path!).size, keys: keysOf(d.path!), free };
    },
  },
  async contents({ manifest }) {
    return { kind: "other", note: `${manifest.payload.keys ?? "?"} key(s)` };
  },
  async testRestore({ ctx, manifest }) {
    const file = path.join(ctx.workDir, "kv.json");
    await extractEntryToFile(ctx.artifact, "kv.json", file, ctx.signal);
    const keys = keysOf(file);
    if (keys !== manifest.payload.keys) throw new RestoreError(`${keys} key(s), the backup recorded ${manifest.payload.keys}`);
    return `${keys} key(s) match`;
  },
  async testConnection(source) {
    return { ok: true, message: `${keysOf(String(source.file))} key(s)` };
  },
};
