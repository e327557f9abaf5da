import readline from "node:readline";
import { PassThrough } from "node:stream";
import { signalChildGroup, trackedExeca } from "../process/process-registry";
import { backupStream, type BackupOptions, type BackupResult } from "./backup";
import { ResticError } from "./errors";
import type { ResticChild } from "./exec";
import type { ResticRepo } from "./repo";

export interface DumpCommand {
  cmd: string;
  args: string[];
  /** Passwords for the dump tool (PGPASSWORD…), never in args. */
  env?: Record<string, string | undefined>;
  /** Name of the file inside the snapshot, e.g. "database.sql". */
  filename: string;
  onStderr?: (line: string) => void;
}

/**
 * Pipe a dump tool's output into `restic backup --stdin` (restic 0.14 has no
 * --stdin-from-command). The dump's exit code decides: restic's stdin is only closed — the
 * moment restic writes its snapshot — after the dump exited 0. A dump that fails half-way gets
 * restic interrupted (SIGINT: restic removes its lock and saves nothing), so a truncated dump
 * never becomes a snapshot that looks good.
 */
export async function backupFromCommand(repo: ResticRepo, dump: DumpCommand, o: BackupOptions): Promise<BackupResult> {
  const feed = new PassThrough();
  const producer = trackedExeca(dump.cmd, dump.args, {
    env: dump.env,
    extendEnv: true,
    reject: false,
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    buffer: false,
  });
  const stopProducer = () => signalChildGroup(producer, "SIGKILL");
  const tail: string[] = [];
  readline.createInterface({ input: producer.stderr! }).on("line", (l) => {
    tail.push(l);
    if (tail.length > 10) tail.shift();
    dump.onStderr?.(l);
  });
  producer.stdout!.pipe(feed, { end: false });

  // Set from callbacks: an object so the compiler does not narrow them to their first value.
  const st: { restic: ResticChild | null; dumpError: ResticError | null } = { restic: null, dumpError: null };
  const dumpDone = (async () => {
    const r = await producer;
    // Every byte the dump wrote must be in the feed before its end is decided.
    if (!producer.stdout!.readableEnded) await new Promise((res) => producer.stdout!.once("close", res));
    const code = (r as unknown as { code?: string }).code;
    if (!r.failed) return feed.end();
    const why = code === "ENOENT" ? `${dump.cmd} is not installed` : r.exitCode != null ? `exit code ${r.exitCode}` : `killed by ${r.signal ?? "a signal"}`;
    st.dumpError = new ResticError(`${dump.cmd.split("/").pop()} failed (${why})${tail.length ? ": " + tail.slice(-3).join(" | ") : ""}; no snapshot was kept`, "dump-failed", r.exitCode ?? null);
    st.restic?.interrupt();
    setTimeout(() => st.restic?.kill(), 5000).unref();
  })();

  const onAbort = () => stopProducer();
  o.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const result = await backupStream(repo, feed, dump.filename, o, (child) => {
      st.restic = child;
      if (st.dumpError) child.interrupt();
    });
    await dumpDone;
    if (st.dumpError) throw st.dumpError;
    return result;
  } catch (e) {
    stopProducer();
    await dumpDone.catch(() => {});
    throw o.signal?.aborted ? e : (st.dumpError ?? e);
  } finally {
    o.signal?.removeEventListener("abort", onAbort);
  }
}
