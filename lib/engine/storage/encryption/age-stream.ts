import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { trackedExeca } from "../../process/process-registry";
import { AGE_IDENTITY, isRecipient } from "./age-keys";

/**
 * One age process in a pipeline: write plaintext (or ciphertext) to `input`, read the other from
 * `output`; `done` settles when age exited (rejects with age's own message). Aborting the signal
 * kills it. The format is age-encryption.org/v1, so `age -d -i identity.txt` opens it without
 * Lifeboat.
 */
export interface AgeStage {
  input: Writable;
  output: Readable;
  done: Promise<void>;
}

function stage(args: string[], signal: AbortSignal | undefined, what: string, after?: () => void, stdin: "pipe" | number = "pipe"): AgeStage {
  const child = trackedExeca("age", args, {
    cancelSignal: signal,
    forceKillAfterDelay: 1000,
    buffer: false,
    // An open file of this process is handed over as is (execa's types list only 0 for stdin).
    stdin: stdin as "pipe",
    stdout: "pipe",
    stderr: "pipe",
    encoding: "buffer",
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const done = child.then(
    () => after?.(),
    (e: { shortMessage?: string; message: string }) => {
      after?.();
      throw new Error(`age ${what} failed: ${stderr.trim().replace(/^age: (error: )?/gm, "") || e.shortMessage || e.message}`);
    },
  );
  done.catch(() => {}); // the caller awaits it; an early failure must not be unhandled meanwhile
  return { input: child.stdin!, output: child.stdout!, done };
}

/** Encrypt to every recipient (Lifeboat's own and any offline keys an admin added). Public keys only on argv. */
export function ageEncrypt(recipients: string[], signal?: AbortSignal): AgeStage {
  return stage(encryptArgs(recipients), signal, "encryption");
}

function encryptArgs(recipients: string[]): string[] {
  if (recipients.length === 0) throw new Error("age encryption needs at least one recipient");
  for (const r of recipients) if (!isRecipient(r)) throw new Error(`Not an age recipient: ${JSON.stringify(r.slice(0, 80))}`);
  return ["--encrypt", ...recipients.flatMap((r) => ["--recipient", r])];
}

/**
 * Encrypt an open local file: age reads it as its stdin, so the plaintext never passes through
 * this process (a local copy of a large artifact: see copyObject). Only `output` and `done`.
 */
export function ageEncryptFile(recipients: string[], fd: number, signal?: AbortSignal): Omit<AgeStage, "input"> {
  const { output, done } = stage(encryptArgs(recipients), signal, "encryption", undefined, fd);
  return { output, done };
}

/**
 * Decrypt with `identity`. The secret goes to age in a 0600 file inside a fresh 0700 folder
 * (never on argv, where any local user could read it in /proc), removed once age has exited.
 */
export function ageDecrypt(identity: string, opts: { signal?: AbortSignal; scratchDir?: string } = {}): AgeStage {
  if (!AGE_IDENTITY.test(identity.trim())) throw new Error("Not an age identity (AGE-SECRET-KEY-1…)");
  const dir = fs.mkdtempSync(path.join(opts.scratchDir ?? os.tmpdir(), "lifeboat-age-"));
  const file = path.join(dir, "identity.txt");
  fs.writeFileSync(file, `${identity.trim()}\n`, { mode: 0o600, flag: "wx" });
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    return stage(["--decrypt", "--identity", file], opts.signal, "decryption", cleanup);
  } catch (e) {
    cleanup();
    throw e;
  }
}
