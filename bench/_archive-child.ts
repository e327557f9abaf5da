/**
 * One Lifeboat filesystem backup through the real runner (queue, driver, archive writer, DB
 * records), in its own process so its peak RSS can be read. Bundled by bench/archive.ts (the lib
 * uses ESM-only execa, which tsx's CommonJS mode cannot load). Prints one JSON line.
 * argv: <source dir> <storage dir> <zstd|gzip|none> <level>
 */
import { getDb } from "../lib/db/client";
import { apps, targets, users } from "../lib/db/schema";
import { enqueueRun } from "../lib/services/runs/trigger";
import { waitForRun } from "../lib/engine/runs/wait";

async function main() {
  const [src, storage, compression, level] = process.argv.slice(2);
  const db = getDb();
  const app = db.insert(apps).values({ name: "bench" }).returning().get();
  const t = db
    .insert(targets)
    .values({
      appId: app.id,
      name: `files-${compression}`,
      type: "filesystem",
      source: { path: src },
      compression: compression as "zstd" | "gzip" | "none",
      storageRoot: storage,
      meta: { compressionLevel: Number(level) },
    })
    .returning()
    .get();
  const u = db.insert(users).values({ email: "bench@example.test", passwordHash: "x", role: "operator" }).returning().get();
  const started = performance.now();
  const { id } = enqueueRun({ type: "user", id: u.id, email: u.email, role: "operator" }, t.id);
  const run = await waitForRun(id, 60 * 60_000);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      status: run.status,
      error: run.errorSummary,
      seconds,
      sizeBytes: run.sizeBytes,
      artifact: run.artifactPath,
      maxRssKb: process.resourceUsage().maxRSS,
    }),
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
