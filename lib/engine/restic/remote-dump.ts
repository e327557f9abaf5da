import { PassThrough, Writable } from "node:stream";
import type { RunLog } from "../process/run-log";
import { StepError } from "../process/step";
import type { ToolRunner } from "../servers/runner";
import { ServerUnreachableError } from "../servers/errors";
import { backupStream, type BackupOptions, type BackupResult } from "./backup";
import type { DumpCommand } from "./backup-command";
import { ResticError } from "./errors";
import type { ResticChild } from "./exec";
import type { ResticRepo } from "./repo";

/**
 * A dump tool run on another server (pg_dump there, over SSH), its stdout streamed into this
 * console's `restic backup --stdin`: the server needs no restic and never sees the repository
 * password. As for a local dump (backup-command.ts), restic's stdin is closed — the moment it
 * writes its snapshot — only after the dump exited 0; a dump that fails or a dropped connection
 * interrupts restic, so no snapshot holds a truncated dump.
 */
export async function backupFromRemoteCommand(repo: ResticRepo, runner: ToolRunner, dump: DumpCommand, o: BackupOptions & { signal: AbortSignal; log: RunLog }): Promise<BackupResult> {
  const feed = new PassThrough();
  // The channel's end must not end restic's stdin: only a dump that exited 0 does.
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (feed.write(chunk)) cb();
      else feed.once("drain", () => cb());
    },
    final(cb) {
      cb();
    },
  });
  const stop = new AbortController();
  const onAbort = () => stop.abort(o.signal.reason);
  o.signal.addEventListener("abort", onAbort, { once: true });
  const st: { restic: ResticChild | null; dumpError: Error | null } = { restic: null, dumpError: null };
  const name = dump.cmd.split("/").pop()!;
  const dumpDone = runner.run(dump.cmd, dump.args, { signal: stop.signal, log: o.log, env: dump.env, stdout: sink, label: name }).then(
    () => void feed.end(),
    (e: unknown) => {
      st.dumpError =
        e instanceof ServerUnreachableError || stop.signal.aborted
          ? (e as Error)
          : new ResticError(`${e instanceof StepError ? e.message : `${name} on ${runner.where} failed: ${(e as Error).message ?? e}`}; no snapshot was kept`, "dump-failed", e instanceof StepError ? e.exitCode : null);
      st.restic?.interrupt();
      setTimeout(() => st.restic?.kill(), 5000).unref();
    },
  );
  try {
    const result = await backupStream(repo, feed, dump.filename, o, (child) => {
      st.restic = child;
      if (st.dumpError) child.interrupt();
    });
    await dumpDone;
    if (st.dumpError) throw st.dumpError;
    return result;
  } catch (e) {
    // The dump's own failure (taken before stopping it) explains restic's interruption.
    const dumpError = st.dumpError;
    stop.abort(new Error("restic stopped"));
    await dumpDone;
    throw o.signal.aborted ? e : (dumpError ?? e);
  } finally {
    o.signal.removeEventListener("abort", onAbort);
  }
}
