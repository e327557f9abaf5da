import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, type Run, type RunStatus } from "../../db/schema";
import { resolveTarget } from "../targets/resolve";
import { urlSecretValues } from "../targets/url-secrets";
import { finishRun, type RunEnd } from "../runs/record";
import { writeArtifact } from "../archive/write-artifact";
import { levelFor } from "../archive/compress";
import type { Manifest } from "../archive/manifest";
import { planArtifact, storageRootOf, type ArtifactLocation } from "../storage/local";
import { locationForTarget } from "../storage/folder-location";
import { backendFor, localFolderOf } from "../storage/locations";
import { storeScratchArtifact } from "../storage/store-artifact";
import { refuseDataDir } from "./data-dir-guard";
import { driverFor } from "../types/registry";
import { lifeboatEnv } from "../types/shared/lifeboat-env";
import { now } from "../clock";
import { RunLog } from "../process/run-log";
import { step } from "../process/step";
import { runHook } from "./hooks";
import { ServerUnreachableError } from "../servers/errors";
import { fillArchive, removeQuietly } from "./backup-archive";
import { writeInflight, clearInflight } from "../queue/inflight";
import { progressWriter } from "../queue/progress";
import { twoPassProgress } from "./two-pass-progress";
import { describeFailure } from "../process/error-summary";
import { formatBytesExact } from "../../ui/units";

function secretsOf(source: Record<string, unknown>): string[] {
  if (typeof source.url !== "string") return [];
  try {
    return urlSecretValues(source.url);
  } catch {
    return [];
  }
}

/**
 * Execute one claimed run: pre-hook → driver → archive → post-hook, each step with the target's
 * timeout and the run's cancel signal; then record the end (run row + target summary + event).
 */
export async function executeRun(runId: number, signal: AbortSignal): Promise<Run> {
  const run = getDb().select().from(runs).where(eq(runs.id, runId)).get()!;
  const startedAt = run.startedAt ?? now();
  let log: RunLog | null = null;
  let end: RunEnd;
  let loc: ArtifactLocation | null = null;
  let hookEnv: Record<string, string> = {};
  let postHook: string | null = null;
  let serverId: number | null = null;
  let timeout = 7200;
  const progress = progressWriter(runId);
  // Dumps are spooled then archived: one counter over both passes (folders are a single pass).
  const passes = twoPassProgress(progress.report);
  try {
    const { target, app, source } = resolveTarget(run.targetId);
    timeout = target.timeoutSeconds;
    postHook = target.postHook;
    serverId = target.serverId;
    log = new RunLog(runId, secretsOf(source));
    const driver = driverFor(target.type);
    log.info(`run ${runId}: ${target.type} backup of ${app.name}/${target.name} (trigger ${run.trigger}, step timeout ${timeout} s)`);
    log.info(`source: ${JSON.stringify(driver.describe(source))}`);
    hookEnv = lifeboatEnv({ runId, app, target });
    refuseDataDir(target.type, source, storageRootOf(target), target.serverId != null);
    const location = locationForTarget(target);
    const backend = backendFor(location);
    loc = planArtifact(target, app, runId, startedAt, backend);
    writeInflight({ runId, file: loc.file, partial: loc.partial, workDir: loc.workDir });
    fs.mkdirSync(loc.workDir, { recursive: true });
    if (target.preHook) await step(signal, timeout, (s) => runHook("pre-hook", target.preHook!, hookEnv, s, log!, target.serverId));
    const payload = await step(signal, timeout, (s) =>
      driver.produce({ runId, target, app, source, workDir: loc!.workDir, signal: s, log: log!, progress: passes.dump }),
    );
    log.info(`archiving into ${loc.file}`);
    let warned = 0;
    let manifest: Manifest | null = null;
    const l = loc;
    const written = await step(signal, timeout, (s) =>
      writeArtifact({
        file: l.file,
        compression: target.compression,
        level: levelFor(target.compression, target.meta),
        signal: s,
        fill: async (pack, sig) => {
          manifest = await fillArchive(
            pack,
            { runId, app: app.name, target: target.name, targetId: target.id, type: target.type, compression: target.compression, source: driver.describe(source), startedAt },
            payload,
            sig,
            {
              progress: payload.kind === "file" ? (done, size) => passes.archive(done, size ?? done) : progress.report,
              warn: (m) => {
                warned++;
                log!.info(`WARNING ${m}`);
              },
              notice: (m) => log!.info(m),
            },
          );
        },
      }),
    );
    log.info(`artifact written: ${formatBytesExact(written.sizeBytes)}, sha256 ${written.sha256}`);
    if (!loc.inPlace) {
      log.info(`storing ${loc.key} in ${backend.where}`);
      await step(signal, timeout, (s) => storeScratchArtifact(backend, l, written.sizeBytes, s));
    }
    const status: RunStatus = warned > 0 ? "partial" : "success";
    end = {
      status: status as RunEnd["status"],
      finishedAt: now(),
      exitCode: 0,
      errorSummary: warned > 0 ? `${warned} file(s) changed, vanished or could not be read during the backup; see the log` : null,
      artifact: { storageId: location.id, storageRoot: localFolderOf(location), artifactPath: loc.key, sizeBytes: written.sizeBytes, sha256: written.sha256, manifest: manifest! as unknown as Record<string, unknown> },
      bytesProcessed: progress.bytes,
      totalBytes: progress.total,
    };
  } catch (e) {
    log ??= new RunLog(runId);
    const f = describeFailure(e, log);
    log.info(`${f.status.toUpperCase()}: ${f.message}`);
    // A server that cannot be reached alerts once for the server, not once per target (servers/reachability.ts).
    end = { status: f.status, finishedAt: now(), exitCode: f.exitCode, errorSummary: f.message, bytesProcessed: progress.bytes, quiet: e instanceof ServerUnreachableError };
  } finally {
    if (loc) removeQuietly(loc.workDir);
    // A scratch copy (remote location) is gone once stored or failed.
    if (loc && !loc.inPlace) removeQuietly(path.dirname(loc.file));
  }
  if (postHook && log) {
    // The post-hook always runs (a cancelled run's signal is spent: it gets its own timeout only).
    try {
      await step(new AbortController().signal, timeout, (s) => runHook("post-hook", postHook!, { ...hookEnv, LIFEBOAT_STATUS: end.status }, s, log!, serverId));
    } catch (e) {
      const f = describeFailure(e, log);
      log.info(`post-hook failed: ${f.message}`);
      end.errorSummary = [end.errorSummary, `post-hook failed: ${f.message}`].filter(Boolean).join("; ");
    }
  }
  log?.info(`run ${runId} ended: ${end.status}`);
  log?.close();
  end.logPath = log?.path ?? null;
  const finished = finishRun(runId, end);
  clearInflight(runId);
  return finished;
}
