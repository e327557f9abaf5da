import { z } from "zod";

export const REPORT_EVENTS = ["start", "success", "fail"] as const;
export type ReportEvent = (typeof REPORT_EVENTS)[number];

/** Body of POST /api/v1/targets/{id}/report (issue 7). */
export const reportInput = z.object({
  event: z.enum(REPORT_EVENTS, { message: 'Use "start", "success" or "fail"' }),
  exitCode: z.number().int("Use a whole number").min(-255).max(1_000_000).nullish(),
  sizeBytes: z.number().int("Use a whole number").min(0, "Cannot be negative").nullish(),
  artifactPath: z.string().trim().max(4096, "Use at most 4096 characters").nullish(),
  durationMs: z.number().int("Use a whole number").min(0, "Cannot be negative").nullish(),
  log: z.string().nullish(),
});
export type ReportInput = z.input<typeof reportInput>;
