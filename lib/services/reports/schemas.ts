import { z } from "zod";
import { formatLimit } from "../../ui/units";

/** A reported log keeps its first 100 KiB, as a ping's does (healthchecks.io keeps 100 KiB too). */
export const REPORT_LOG_MAX_BYTES = 100 * 1024;

/** The first REPORT_LOG_MAX_BYTES bytes of a log (never a split UTF-8 character), marked when cut. */
export function capReportLog(log: string): string {
  const bytes = Buffer.from(log, "utf8");
  if (bytes.length <= REPORT_LOG_MAX_BYTES) return log;
  const head = new TextDecoder().decode(bytes.subarray(0, REPORT_LOG_MAX_BYTES)).replace(/\uFFFD$/, "");
  return `${head}\n[lifeboat] reported log cut at ${formatLimit(REPORT_LOG_MAX_BYTES)}: only its beginning is kept\n`;
}

export const REPORT_EVENTS = ["start", "success", "fail"] as const;
export type ReportEvent = (typeof REPORT_EVENTS)[number];

/** Body of POST /api/v1/targets/{id}/report (issue 7). */
export const reportInput = z.object({
  event: z.enum(REPORT_EVENTS, { message: 'Use "start", "success" or "fail"' }),
  exitCode: z.number().int("Use a whole number").min(-255).max(1_000_000).nullish(),
  sizeBytes: z.number().int("Use a whole number").min(0, "Cannot be negative").nullish(),
  artifactPath: z.string().trim().max(4096, "Use at most 4096 characters").nullish(),
  durationMs: z.number().int("Use a whole number").min(0, "Cannot be negative").nullish(),
  log: z
    .string()
    .nullish()
    .transform((v) => (v == null ? v : capReportLog(v))),
});
export type ReportInput = z.input<typeof reportInput>;
