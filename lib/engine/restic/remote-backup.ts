import { Writable } from "node:stream";
import type { RunLog } from "../process/run-log";
import { StepError } from "../process/step";
import type { StorageBackend } from "../storage/backend";
import type { ToolRunner } from "../servers/runner";
import { openReverseTunnel } from "../servers/reverse-tunnel";
import { connOf, serverRow } from "../servers/server-conn";
import { backupLines, commonArgs, type BackupOptions, type BackupResult } from "./backup";
import { classifyFailure, ResticError } from "./errors";
import { REPO_FOLDER } from "./location-repo";
import type { ResticRepo } from "./repo";
import { startRestSession } from "./rest-server";
import { parseResticVersion } from "./version";
import { formatBytesExact } from "../../ui/units";

export interface RemoteBackupOptions extends BackupOptions {
  signal: AbortSignal;
  log: RunLog;
}

/** A Writable that hands every complete line to `onLine` (restic's --json output from the channel). */
export function lineSink(onLine: (line: string) => void): Writable {
  let rest = "";
  return new Writable({
    write(chunk: Buffer, _enc, cb) {
      const text = rest + chunk.toString("utf8");
      const lines = text.split("\n");
      rest = lines.pop() ?? "";
      for (const l of lines) if (l.trim()) onLine(l);
      cb();
    },
    final(cb) {
      if (rest.trim()) onLine(rest);
      cb();
    },
  });
}

/** restic on the server, refused below 0.14 (the repository is format 2) or when missing, saying what to do. */
export async function remoteResticVersion(runner: ToolRunner, ctx: { signal: AbortSignal; log: RunLog }): Promise<string> {
  let out: string;
  try {
    out = (await runner.run("restic", ["version"], { ...ctx, capture: true })).stdout;
  } catch (e) {
    if (e instanceof StepError && e.exitCode === 127) {
      throw new StepError(`restic is not installed on ${runner.where}: install it there (Debian: apt-get install restic) or choose the archive engine for this target`, "failed", 127);
    }
    throw e;
  }
  const v = parseResticVersion(out);
  if (!v) throw new StepError(`Cannot read the restic version on ${runner.where} (${out.slice(0, 200)})`);
  if (v[0] === 0 && v[1] < 14) throw new StepError(`restic ${v.join(".")} on ${runner.where} is too old: the repository is format 2, which needs restic 0.14 or newer there`);
  return v.join(".");
}

/**
 * Back up a folder on another server with the restic installed there, into the target's usual
 * repository: restic reads the folder itself (unchanged files are skipped by the parent snapshot's
 * size and mtime, so a second backup sends little), and its repository is this console's REST
 * server for the location (rest-server.ts) reached through a reverse SSH tunnel — whatever the
 * location's kind (local folder, SFTP, S3), and without its keys on the server. The repository
 * password and the tunnel's one-time credentials go through the environment, read from the
 * channel's stdin by the remote wrapper: never on the remote command line.
 *
 * A cancel, a timeout or a dropped connection kills the remote process group (remote-exec.ts);
 * closing the tunnel then stops anything it could still write, and the lock it left is removed.
 */
export async function backupRemoteFolder(runner: ToolRunner, repo: ResticRepo, backend: StorageBackend, folder: string, o: RemoteBackupOptions): Promise<BackupResult & { resticVersion: string }> {
  if (runner.serverId == null) throw new Error("backupRemoteFolder is for another server");
  const ctx = { signal: o.signal, log: o.log };
  const version = await remoteResticVersion(runner, ctx);
  try {
    await runner.run("test", ["-d", folder], { ...ctx, label: "test -d" });
  } catch (e) {
    if (e instanceof StepError && e.exitCode === 1) throw new StepError(`Folder not found on ${runner.where}: ${folder}`);
    throw e;
  }
  const row = serverRow(runner.serverId);
  if (!row) throw new StepError(`server ${runner.serverId} no longer exists`);
  const session = await startRestSession(backend, REPO_FOLDER, { onError: (m) => o.log.info(`WARNING ${m}`) });
  try {
    const tunnel = await openReverseTunnel(connOf(row), session.socket);
    try {
      const args = ["--json", "backup", ...commonArgs(o)];
      for (const x of o.exclude ?? []) args.push("--exclude", x);
      args.push(".");
      const lines = backupLines(o);
      let incomplete = false;
      try {
        await runner.run("restic", args, {
          ...ctx,
          cwd: folder,
          env: {
            RESTIC_REPOSITORY: `rest:http://${session.user}:${session.password}@127.0.0.1:${tunnel.port}/`,
            RESTIC_PASSWORD: repo.password,
            RESTIC_PROGRESS_FPS: "2",
          },
          stdout: lineSink(lines.onLine),
          label: "restic",
        });
      } catch (e) {
        // Exit 3: the snapshot exists, some files could not be read.
        if (!(e instanceof StepError && e.exitCode === 3 && lines.summary())) {
          // restic 0.14 exits 1 for nearly everything: its Fatal line says which (password, lock…).
          if (e instanceof StepError && e.exitCode === 1) throw classifyFailure(o.log.lastErrorLines(20), 1, `backup on ${runner.where}`);
          throw e;
        }
        incomplete = true;
      }
      const s = lines.summary();
      if (!s?.id) throw new ResticError(`restic backup on ${runner.where} ended without a snapshot id`);
      o.log.info(`${runner.where} sent ${formatBytesExact(session.bytesIn())} into the repository (new packs, index, snapshot)`);
      return { ...s, incomplete, resticVersion: version };
    } finally {
      await tunnel.close();
    }
  } finally {
    await session.close();
  }
}
