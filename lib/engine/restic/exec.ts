import fs from "node:fs";
import readline from "node:readline";
import type { Readable } from "node:stream";
import { signalChildGroup, trackedExeca } from "../process/process-registry";
import { classifyFailure, ResticError } from "./errors";
import { withPasswordFile } from "./password-file";
import { defaultCacheDir, type ResticRepo } from "./repo";

export interface ResticCallOptions {
  signal?: AbortSignal;
  /** Every stdout line (JSON when the command supports --json). */
  onLine?: (line: string) => void;
  /** Every stderr line, for the run log. */
  onStderr?: (line: string) => void;
  /** Fed to restic's stdin (backup --stdin); ignored stdin otherwise. */
  stdin?: Readable;
  /** Called with the child once it runs (the stdin backup ends or interrupts it). */
  onSpawn?: (child: ResticChild) => void;
  /** Collect stdout into the result (small outputs). */
  capture?: boolean;
  /** Write stdout to this stream instead (dump). */
  stdout?: NodeJS.WritableStream;
  /** Skip --json (restic dump writes raw data). */
  raw?: boolean;
  cwd?: string;
  /** The source repository of `copy` / `init --copy-chunker-params` (RESTIC_FROM_*). */
  from?: ResticRepo;
}

export interface ResticChild {
  pid: number | undefined;
  /** Stop restic the way it cleans up after itself: SIGINT removes its lock and saves no snapshot. */
  interrupt(): void;
  kill(): void;
}

export const RESTIC_BIN = process.env.LIFEBOAT_RESTIC_BIN || "restic";
const KILL_GRACE_MS = 5000;
const TAIL = 20;

/**
 * Run one restic command: argument array (no shell), `--json`, the cache in Lifeboat's data dir,
 * repository and password through the environment. Cancelling sends SIGINT first — restic 0.14
 * ignores SIGTERM's clean-up path and dies leaving its lock, while SIGINT removes the lock and
 * never writes a snapshot — then SIGKILL after a grace period.
 */
export async function runRestic(repo: ResticRepo, args: string[], what: string, opts: ResticCallOptions = {}): Promise<{ stdout: string }> {
  const cacheDir = repo.cacheDir ?? defaultCacheDir();
  fs.mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
  const global = [...(opts.raw ? [] : ["--json"]), "--cache-dir", cacheDir, ...(repo.options ?? []).flatMap((o) => ["-o", o])];
  if (opts.from) {
    const from = opts.from;
    return withPasswordFile(from.password, (fromFile) =>
      runRestic({ ...repo, env: { ...from.env, ...repo.env, RESTIC_FROM_REPOSITORY: from.location, RESTIC_FROM_PASSWORD_FILE: fromFile } }, args, what, { ...opts, from: undefined }),
    );
  }
  return withPasswordFile(repo.password, async (passwordFile) => {
    const child = trackedExeca(RESTIC_BIN, [...global, ...args], {
      env: { ...repo.env, RESTIC_REPOSITORY: repo.location, RESTIC_PASSWORD_FILE: passwordFile, RESTIC_PASSWORD: undefined, RESTIC_PASSWORD_COMMAND: undefined, RESTIC_PROGRESS_FPS: "2" },
      extendEnv: true,
      cwd: opts.cwd,
      reject: false,
      stdin: opts.stdin ? "pipe" : "ignore",
      stdout: "pipe",
      stderr: "pipe",
      buffer: false,
    });
    const handle: ResticChild = {
      pid: child.pid,
      interrupt: () => signalChildGroup(child, "SIGINT"),
      kill: () => signalChildGroup(child, "SIGKILL"),
    };
    const onAbort = () => {
      handle.interrupt();
      setTimeout(handle.kill, KILL_GRACE_MS).unref();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener("abort", onAbort, { once: true });
    if (opts.stdin && child.stdin) {
      // restic closing its stdin early (wrong password) must not crash the console with EPIPE.
      child.stdin.on("error", () => {});
      opts.stdin.pipe(child.stdin);
    }
    opts.onSpawn?.(handle);

    const tail: string[] = [];
    const chunks: string[] = [];
    const errDone = new Promise<void>((resolve) => {
      const rl = readline.createInterface({ input: child.stderr! });
      rl.on("line", (l) => {
        const line = l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
        tail.push(line);
        if (tail.length > TAIL) tail.shift();
        opts.onStderr?.(line);
      });
      rl.on("close", resolve);
    });
    let outDone: Promise<void>;
    if (opts.stdout) {
      child.stdout!.pipe(opts.stdout);
      outDone = new Promise((resolve) => child.stdout!.on("end", resolve));
    } else {
      outDone = new Promise<void>((resolve) => {
        const rl = readline.createInterface({ input: child.stdout! });
        rl.on("line", (l) => {
          if (opts.capture) chunks.push(l);
          opts.onLine?.(l);
        });
        rl.on("close", resolve);
      });
    }
    const result = await child;
    await Promise.all([outDone, errDone]);
    opts.signal?.removeEventListener("abort", onAbort);
    if (opts.signal?.aborted) {
      throw opts.signal.reason instanceof Error ? opts.signal.reason : new ResticError(`restic ${what} cancelled`, "cancelled");
    }
    const code = (result as unknown as { code?: string }).code;
    if (code === "ENOENT") throw new ResticError(`restic is not installed (command not found: ${RESTIC_BIN})`, "not-installed");
    if (result.failed) throw classifyFailure(tail, typeof result.exitCode === "number" ? result.exitCode : null, what);
    return { stdout: chunks.join("\n") };
  });
}

/** The JSON lines of a --json output (restic prints one object per line, or one array). */
export function parseJsonLines<T = unknown>(stdout: string): T[] {
  const out: T[] = [];
  for (const line of stdout.split("\n")) {
    const t = line.trim();
    if (!t.startsWith("{") && !t.startsWith("[")) continue;
    try {
      out.push(JSON.parse(t) as T);
    } catch {
      /* a non-JSON line (restic prints some plain text even with --json) */
    }
  }
  return out;
}
