import { and, desc, eq, isNotNull } from "drizzle-orm";
import { getDb } from "../../db/client";
import { runs, type Run } from "../../db/schema";
import { resolveTarget } from "../targets/resolve";
import { urlSecretValues } from "../targets/url-secrets";
import { finishRun, type RunEnd } from "../runs/record";
import { storageRootOf } from "../storage/local";
import { localFolderOf } from "../storage/locations";
import { findTypeModule } from "../types/registry";
import { lifeboatEnv } from "../types/shared/lifeboat-env";
import { now } from "../clock";
import { RunLog } from "../process/run-log";
import { step, StepError } from "../process/step";
import { describeFailure } from "../process/error-summary";
import { progressWriter } from "../queue/progress";
import { runHook } from "./hooks";
import { refuseDataDir } from "./data-dir-guard";
import { backupFolder, backupFromCommand, ResticError, targetTag, toRunSnapshot, type BackupOptions, type BackupResult } from "../restic";
import { withTargetRepo } from "../restic/target-repo";
import { backupRemoteFolder } from "../restic/remote-backup";
import { backupFromRemoteCommand } from "../restic/remote-dump";
import { runnerFor } from "../servers/runner";
import { backendFor } from "../storage/locations";
import { formatBytes, formatBytesExact } from "../../ui/units";

/** The target's newest snapshot: restic's parent, so unchanged files are skipped without reading them. */
function lastSnapshotOf(targetId: number, storageId: number): string | undefined {
  const r = getDb()
    .select({ snapshot: runs.snapshot })
    .from(runs)
    .where(and(eq(runs.targetId, targetId), eq(runs.storageId, storageId), eq(runs.artifactState, "snapshot"), isNotNull(runs.snapshot)))
    .orderBy(desc(runs.id))
    .limit(1)
    .get();
  return r?.snapshot?.id;
}

const secretsOf = (source: Record<string, unknown>) => {
  try {
    return typeof source.url === "string" ? urlSecretValues(source.url) : [];
  } catch {
    return [];
  }
};

/**
 * One claimed run of a restic target: pre-hook → `restic backup` (folder, or a dump piped into
 * --stdin) → post-hook. The run records its snapshot; a failed dump or a cancel leaves none
 * (restic is interrupted with SIGINT before it saves). Same run row, log and progress as the
 * archive engine, so the queue, cancel and the pages need nothing new.
 */
export async function executeResticRun(runId: number, signal: AbortSignal): Promise<Run> {
  const run = getDb().select().from(runs).where(eq(runs.id, runId)).get()!;
  let log: RunLog | null = null;
  let end: RunEnd;
  let hookEnv: Record<string, string> = {};
  let postHook: string | null = null;
  let timeout = 7200;
  const progress = progressWriter(runId);
  try {
    const { target, app, source } = resolveTarget(run.targetId);
    timeout = target.timeoutSeconds;
    postHook = target.postHook;
    log = new RunLog(runId, secretsOf(source));
    const mod = findTypeModule(target.type);
    if (!mod?.restic) throw new StepError(`The restic engine does not back up ${target.type} targets`);
    const spec = mod.restic(source, target);
    log.info(`run ${runId}: ${target.type} backup of ${app.name}/${target.name} with restic (trigger ${run.trigger}, step timeout ${timeout} s)`);
    hookEnv = lifeboatEnv({ runId, app, target });
    // A folder on another server is not this machine's data directory.
    if (target.serverId == null) refuseDataDir(target.type, source, storageRootOf(target));
    const runner = runnerFor(target.serverId);
    if (target.preHook) await step(signal, timeout, (s) => runHook("pre-hook", target.preHook!, hookEnv, s, log!));
    const l = log;
    let lastLogged = 0;
    const result = await step(signal, timeout, (s) =>
      withTargetRepo(
        target,
        async (repo, loc): Promise<{ r: BackupResult; storageId: number; storageRoot: string | null }> => {
          l.info(`repository: ${repo.location}`);
          if (runner.serverId != null) {
            l.info(
              spec.kind === "folder"
                ? `restic runs on ${runner.where}; it reaches this repository through the console (reverse SSH tunnel, append-only)`
                : `${spec.command.cmd} runs on ${runner.where}; its output streams into restic here`,
            );
          }
          const parent = lastSnapshotOf(target.id, loc.id);
          const o: BackupOptions = {
            tags: [targetTag(target.id)],
            parent,
            signal: s,
            onStderr: (line) => l.output(line + "\n", "stderr", "restic: "),
            onWarning: (m) => l.info(`WARNING ${m}`),
            onProgress: (p) => {
              progress.report(p.bytesDone, p.totalBytes || null);
              // The log gets a line every 10 s; the run row every 0.5 s (the page polls it).
              if (p.secondsElapsed - lastLogged >= 10) {
                lastLogged = p.secondsElapsed;
                l.info(`${p.percent}% · ${p.filesDone}/${p.totalFiles} files · ${formatBytes(p.bytesDone)} of ${formatBytes(p.totalBytes)}${p.secondsRemaining != null ? ` · ${p.secondsRemaining} s left` : ""}`);
              }
            },
          };
          const r =
            runner.serverId != null
              ? spec.kind === "folder"
                ? await backupRemoteFolder(runner, repo, backendFor(loc), spec.path, { ...o, signal: s, log: l, exclude: spec.exclude })
                : await backupFromRemoteCommand(repo, runner, spec.command, { ...o, signal: s, log: l })
              : spec.kind === "folder"
                ? await backupFolder(repo, spec.path, { ...o, exclude: spec.exclude })
                : await backupFromCommand(repo, { ...spec.command, onStderr: (line) => l.output(line + "\n", "stderr", `${spec.command.cmd}: `) }, o);
          return { r, storageId: loc.id, storageRoot: localFolderOf(loc) };
        },
        { signal: s },
      ),
    );
    const r = result.r;
    log.info(`snapshot ${r.id}: ${r.filesNew} new, ${r.filesChanged} changed, ${r.filesUnmodified} unmodified files; ${formatBytesExact(r.dataAddedBytes)} added of ${formatBytesExact(r.totalBytes)}`);
    end = {
      status: r.incomplete ? "partial" : "success",
      finishedAt: now(),
      exitCode: r.incomplete ? 3 : 0,
      errorSummary: r.incomplete ? "Some files could not be read; the snapshot was saved without them (see the log)" : null,
      snapshot: { storageId: result.storageId, storageRoot: result.storageRoot, summary: toRunSnapshot(r) },
      bytesProcessed: r.totalBytes,
      totalBytes: r.totalBytes,
    };
  } catch (e) {
    log ??= new RunLog(runId);
    // restic's own words are already user-facing: no log tail appended to them.
    const err = e instanceof ResticError ? new StepError(e.message, e.kind === "cancelled" ? "cancelled" : "failed", e.exitCode) : e;
    const f = describeFailure(err, log);
    log.info(`${f.status.toUpperCase()}: ${f.message}`);
    end = { status: f.status, finishedAt: now(), exitCode: f.exitCode, errorSummary: f.message, bytesProcessed: progress.bytes };
  }
  if (postHook && log) {
    try {
      await step(new AbortController().signal, timeout, (s) => runHook("post-hook", postHook!, { ...hookEnv, LIFEBOAT_STATUS: end.status }, s, log!));
    } catch (e) {
      const f = describeFailure(e, log);
      log.info(`post-hook failed: ${f.message}`);
      end.errorSummary = [end.errorSummary, `post-hook failed: ${f.message}`].filter(Boolean).join("; ");
    }
  }
  log?.info(`run ${runId} ended: ${end.status}`);
  log?.close();
  end.logPath = log?.path ?? null;
  return finishRun(runId, end);
}
