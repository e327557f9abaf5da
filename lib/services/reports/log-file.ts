import fs from "node:fs";
import path from "node:path";
import { env } from "../../env";
import { maskUrlPassword } from "../../audit/redact";
// The runner's own path: the run page and GET …/log read a reported log the same way.
import { runLogPath, TRUNCATION_MARKER } from "../../engine/process/run-log";

const MARKER = `\n${TRUNCATION_MARKER}\n`;

/**
 * Append reported log text to the run's log file, capped at LIFEBOAT_LOG_MAX_BYTES with a
 * visible marker. URL passwords are masked like every other log. Returns the file path.
 */
export function appendReportLog(runId: number, text: string, max = env().LIFEBOAT_LOG_MAX_BYTES): string {
  const file = runLogPath(runId);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let size = 0;
  try {
    size = fs.statSync(file).size;
  } catch {
    /* new file */
  }
  if (size >= max) return file;
  let data = Buffer.from(maskUrlPassword(text.endsWith("\n") || text === "" ? text : text + "\n"), "utf8");
  if (size + data.length > max) data = Buffer.concat([data.subarray(0, Math.max(0, max - size)), Buffer.from(MARKER)]);
  fs.appendFileSync(file, data);
  return file;
}
