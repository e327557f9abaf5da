import fs from "node:fs";
import path from "node:path";
import { env } from "../../env";
import { maskUrlPassword } from "../../audit/redact";

export const TRUNCATION_MARKER = "[lifeboat] log truncated here: it reached the size limit (LIFEBOAT_LOG_MAX_BYTES); later lines are not kept";

export function runLogPath(runId: number): string {
  return path.join(env().dataDir, "logs", `run-${runId}.log`);
}

/**
 * The full log of one run, kept as a file. Every line is masked (URL passwords and the target's
 * real password) before it is written; the file is capped with a visible marker line. The last
 * stderr lines are kept in memory for the run's short error summary.
 */
export class RunLog {
  readonly path: string;
  private fd: number;
  private bytes = 0;
  private truncated = false;
  private readonly max: number;
  private readonly secrets: string[];
  private tail: string[] = [];

  constructor(runId: number, secrets: (string | null | undefined)[] = [], file = runLogPath(runId)) {
    this.path = file;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, "a");
    this.bytes = fs.fstatSync(this.fd).size;
    this.max = env().LIFEBOAT_LOG_MAX_BYTES;
    // Longest first so a secret containing another is masked whole; URL-encoded forms too.
    const all = new Set<string>();
    for (const s of secrets) {
      if (!s || s.length < 3) continue;
      all.add(s);
      all.add(encodeURIComponent(s));
    }
    this.secrets = [...all].sort((a, b) => b.length - a.length);
  }

  mask(text: string): string {
    let out = maskUrlPassword(text);
    for (const s of this.secrets) out = out.split(s).join("***");
    return out;
  }

  /** One line from Lifeboat itself. */
  info(line: string): void {
    this.write(`[lifeboat] ${line}`);
  }

  /** Output of a tool; stderr lines feed the error summary. */
  output(chunk: string, stream: "stdout" | "stderr", prefix = ""): void {
    for (const raw of chunk.split(/\r?\n/)) {
      if (raw.trim() === "") continue;
      const line = this.mask(raw);
      if (stream === "stderr") {
        this.tail.push(line);
        if (this.tail.length > 20) this.tail.shift();
      }
      this.write(prefix ? `${prefix} ${line}` : line, false);
    }
  }

  /** The last meaningful stderr lines (masked), for the error summary. */
  lastErrorLines(n = 5): string[] {
    return this.tail.filter((l) => !/^\s*(warning|notice)\b/i.test(l)).slice(-n);
  }

  clearTail(): void {
    this.tail = [];
  }

  private write(line: string, mask = true): void {
    if (this.fd < 0 || this.truncated) return;
    const text = `${new Date().toISOString()} ${mask ? this.mask(line) : line}\n`;
    const size = Buffer.byteLength(text);
    if (this.bytes + size > this.max) {
      this.truncated = true;
      fs.writeSync(this.fd, `${TRUNCATION_MARKER}\n`);
      return;
    }
    fs.writeSync(this.fd, text);
    this.bytes += size;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
