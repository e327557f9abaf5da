import fs from "node:fs";
import { finished } from "node:stream/promises";
import type { Readable, Writable } from "node:stream";
import type { Client, ClientChannel } from "ssh2";
import type { RunLog } from "../process/run-log";
import { StepError } from "../process/step";
import { closeConnection, withSlot } from "./pool";
import { killScript, PID_MARK, remoteScript } from "./shell-quote";
import { whereOf, type ServerConn } from "./server-conn";
import { ServerConnectError } from "./errors";

export interface RemoteToolOptions {
  signal: AbortSignal;
  log: RunLog;
  /** Environment for the tool; passed through stdin, never on the remote command line. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  label?: string;
  /** Return stdout as a string (short outputs: versions, counts; capped at 4 MiB). */
  capture?: boolean;
  /** Write stdout into this local file. */
  stdoutFile?: string;
  /** Stream stdout into this (an extractor, the archive pipeline); its errors fail the command. */
  stdout?: Writable;
  /** Fed to the tool's stdin after the environment (a restore's dump). */
  stdin?: Readable;
  /** Bytes of stdout received so far (progress). */
  onBytes?: (n: number) => void;
}

const CAPTURE_MAX = 4 * 1024 * 1024;
const KILL_WAIT_MS = 10_000;

/** Kill the remote process group; on a fresh connection when the old one died. Best effort, bounded. */
export async function killRemote(s: ServerConn, pid: number, fresh: boolean): Promise<void> {
  if (fresh) closeConnection(s.id);
  const kill = withSlot(
    s,
    (c) =>
      new Promise<void>((resolve) => {
        c.exec(killScript(pid), (err, ch) => {
          if (err) return resolve();
          ch.resume();
          ch.stderr.resume();
          ch.on("close", () => resolve());
        });
      }),
    true,
  );
  await Promise.race([kill.catch(() => {}), new Promise((r) => setTimeout(r, KILL_WAIT_MS).unref())]);
}

function openChannel(c: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => c.exec(command, (err, ch) => (err ? reject(err) : resolve(ch))));
}

/**
 * Run a tool on a server over its pooled SSH connection: argument array quoted word by word,
 * environment through stdin, stdout captured, spooled or streamed. Cancel and timeout (the step
 * signal) kill the remote process group; a connection lost mid-way fails the command and the
 * remote process is killed over a new connection, so nothing is left running there.
 */
export async function runRemote(s: ServerConn, cmd: string, args: string[], opts: RemoteToolOptions): Promise<{ stdout: string; exitCode: number }> {
  const where = whereOf(s);
  const label = opts.label ?? cmd.split("/").pop()!;
  const script = remoteScript(cmd, args, { env: opts.env, cwd: opts.cwd });
  opts.log.clearTail();
  opts.log.info(`$ ${[label, ...args].map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}   (on ${where})`);
  let pid: number | null = null;
  let localError: unknown = null;
  const run = (client: Client) =>
    openChannel(client, script.command).then(
      (ch) =>
        new Promise<{ stdout: string; exitCode: number }>((resolve, reject) => {
          let exit: { code: number | null; signal?: string } | null = null;
          let settled = false;
          const chunks: Buffer[] = [];
          let captured = 0;
          let errTail = "";
          let markerRead = false;
          const sink = opts.stdout ?? (opts.stdoutFile ? fs.createWriteStream(opts.stdoutFile) : null);
          const sinkDone = sink ? finished(sink).then(() => null, (e: unknown) => e) : Promise.resolve(null);
          const settle = (e: unknown, v?: { stdout: string; exitCode: number }) => {
            if (settled) return;
            settled = true;
            opts.signal.removeEventListener("abort", onAbort);
            if (e) {
              if (sink && !sink.writableFinished) sink.destroy();
              reject(e);
            } else resolve(v!);
          };
          let pidSeen: () => void = () => {};
          const pidKnown = new Promise<void>((r) => (pidSeen = r));
          const onAbort = () => {
            const reason = opts.signal.reason;
            // A cancel right at the start may come before the wrapper reported its PID: wait for it (bounded).
            const waitPid = Promise.race([pidKnown, new Promise((r) => setTimeout(r, KILL_WAIT_MS).unref())]);
            void waitPid.then(() => (pid ? killRemote(s, pid, false) : undefined)).finally(() => {
              ch.close();
              settle(reason);
            });
          };
          if (opts.signal.aborted) onAbort();
          else opts.signal.addEventListener("abort", onAbort, { once: true });
          ch.stderr.setEncoding("utf8");
          ch.stderr.on("data", (d: string) => {
            if (!markerRead) {
              errTail += d;
              const nl = errTail.indexOf("\n");
              if (nl < 0) return;
              const first = errTail.slice(0, nl);
              markerRead = true;
              pidSeen();
              if (first.startsWith(PID_MARK)) pid = Number(first.slice(PID_MARK.length)) || null;
              else opts.log.output(first + "\n", "stderr");
              d = errTail.slice(nl + 1);
              errTail = "";
              if (!d) return;
            }
            opts.log.output(d, "stderr");
          });
          ch.on("data", (d: Buffer) => opts.onBytes?.(d.length));
          if (sink) ch.pipe(sink);
          else if (opts.capture)
            ch.on("data", (d: Buffer) => {
              if (captured < CAPTURE_MAX) chunks.push(d);
              captured += d.length;
            });
          else {
            ch.setEncoding("utf8");
            ch.on("data", (d: string) => opts.log.output(d, "stdout"));
          }
          sinkDone.then((e) => {
            // The local side failed (an extractor refused the stream): stop the remote tool too.
            if (e && !settled) {
              e = new StepError(`receiving the output of ${label} from ${where} failed: ${(e as Error).message ?? e}`, "failed");
              if (pid) void killRemote(s, pid, false);
              ch.close();
              settle(e);
            }
          });
          ch.on("exit", (code: number | null, signal?: string) => {
            exit = { code, signal };
          });
          ch.on("close", async () => {
            pidSeen();
            if (settled || localError) return;
            if (!exit) {
              // The connection (or the channel) went away before the tool ended.
              if (pid) await killRemote(s, pid, true);
              return settle(new StepError(`connection: ${where} dropped the connection while ${label} ran`, "failed"));
            }
            const e = await sinkDone;
            if (e) return settle(new StepError(`receiving the output of ${label} from ${where} failed: ${(e as Error).message ?? e}`, "failed"));
            if (exit.code === 0) return settle(null, { stdout: Buffer.concat(chunks).toString("utf8").replace(/\n$/, ""), exitCode: 0 });
            if (exit.code === 127) return settle(new StepError(`${label} is not installed on ${where} (command not found)`, "failed", 127));
            const why = exit.code != null ? `exit code ${exit.code}` : `killed by ${exit.signal}`;
            const tail = opts.log.lastErrorLines();
            settle(new StepError(`${label} failed on ${where} (${why})${tail.length ? ": " + tail.join(" | ") : ""}`, "failed", exit.code));
          });
          ch.write(script.preamble);
          if (opts.stdin) {
            // The local side of the input failed (a restore's statement filter refused the dump):
            // kill the remote tool BEFORE closing the channel, so it never sees the end of its
            // input (a client would run what it holds then), and fail with that error as it is.
            const failInput = (e: unknown) => {
              if (settled || localError) return;
              localError = e;
              const waitPid = Promise.race([pidKnown, new Promise((r) => setTimeout(r, KILL_WAIT_MS).unref())]);
              void waitPid.then(() => (pid ? killRemote(s, pid, false) : undefined)).finally(() => {
                ch.close();
                settle(e);
              });
            };
            // It may have failed already, while the channel opened (its error event is gone then).
            if (opts.stdin.destroyed) failInput(opts.stdin.errored ?? new Error(`the input of ${label} was closed before it started`));
            else {
              opts.stdin.on("error", failInput);
              opts.stdin.pipe(ch);
            }
          } else ch.end();
        }),
    );
  try {
    return await withSlot(s, run);
  } catch (e) {
    if (opts.signal.aborted) throw opts.signal.reason;
    if (e instanceof StepError || (localError && e === localError)) throw e;
    throw new ServerConnectError(s, e);
  }
}
