import { signalChildGroup, trackedExeca } from "./process-registry";
import type { RunLog } from "./run-log";
import { StepError } from "./step";

export interface ToolOptions {
  /** Step signal (see step.ts): aborting it kills the whole process tree. */
  signal: AbortSignal;
  log: RunLog;
  /** Extra environment (passwords go here, never in args). */
  env?: Record<string, string | undefined>;
  /** Write stdout straight to this file instead of the log. */
  stdoutFile?: string;
  /** Return stdout as a string (short outputs: versions, counts). */
  capture?: boolean;
  cwd?: string;
  /** Name in the log and in error messages; defaults to the command. */
  label?: string;
}

const KILL_GRACE_MS = 2000;

/**
 * Run an external tool: argument array, no shell. It starts in its own process group (registered
 * in process-registry.ts, so it also dies with the console) so a cancel or timeout kills the tool
 * and everything it started (a script's `sleep`, pg_dump's workers). A non-zero exit throws a
 * StepError carrying the exit code and the last stderr lines.
 */
export async function runTool(cmd: string, args: string[], opts: ToolOptions): Promise<{ stdout: string; exitCode: number }> {
  const label = opts.label ?? cmd.split("/").pop()!;
  opts.log.clearTail();
  opts.log.info(`$ ${[label, ...args].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  const child = trackedExeca(cmd, args, {
    env: opts.env,
    extendEnv: true,
    cwd: opts.cwd,
    reject: false,
    stdin: "ignore",
    stdout: opts.stdoutFile ? { file: opts.stdoutFile } : "pipe",
    stderr: "pipe",
    buffer: { stdout: !!opts.capture, stderr: false },
    stripFinalNewline: true,
  });
  const killTree = (sig: NodeJS.Signals) => signalChildGroup(child, sig);
  const onAbort = () => {
    killTree("SIGTERM");
    setTimeout(() => killTree("SIGKILL"), KILL_GRACE_MS).unref();
  };
  if (opts.signal.aborted) onAbort();
  else opts.signal.addEventListener("abort", onAbort, { once: true });
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (d: string) => opts.log.output(d, "stderr"));
  if (!opts.capture && !opts.stdoutFile) {
    child.stdout?.setEncoding("utf8");
    child.stdout?.on("data", (d: string) => opts.log.output(d, "stdout"));
  }
  const result = await child;
  opts.signal.removeEventListener("abort", onAbort);
  if (opts.signal.aborted) {
    killTree("SIGKILL");
    throw opts.signal.reason;
  }
  const code = (result as unknown as { code?: string }).code;
  if (code === "ENOENT") throw new StepError(`${label} is not installed (command not found: ${cmd})`);
  if (code === "EACCES") throw new StepError(`${label} cannot be executed (permission denied: ${cmd})`);
  if (result.failed) {
    const exitCode = typeof result.exitCode === "number" ? result.exitCode : null;
    const why = exitCode != null ? `exit code ${exitCode}` : result.signal ? `killed by ${result.signal}` : result.shortMessage;
    const tail = opts.log.lastErrorLines();
    throw new StepError(`${label} failed (${why})${tail.length ? ": " + tail.join(" | ") : ""}`, "failed", exitCode);
  }
  return { stdout: typeof result.stdout === "string" ? result.stdout : "", exitCode: result.exitCode ?? 0 };
}
