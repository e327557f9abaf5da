import { AppError } from "../../errors";
import { StepError } from "./step";
import type { RunLog } from "./run-log";
import type { RunStatus } from "../../db/schema";

const MAX = 1000;

/** The run's status, exit code and short, masked error summary for a thrown error. */
export function describeFailure(e: unknown, log: RunLog): { status: Extract<RunStatus, "failed" | "cancelled">; message: string; exitCode: number | null } {
  const raw =
    e instanceof StepError || e instanceof AppError
      ? e.message
      : e instanceof Error
        ? `${e.message}${log.lastErrorLines(3).length ? ": " + log.lastErrorLines(3).join(" | ") : ""}`
        : String(e);
  let message = log.mask(raw).replace(/\s+/g, " ").trim();
  if (message.length > MAX) message = message.slice(0, MAX - 1) + "…";
  const status = e instanceof StepError && e.kind === "cancelled" ? "cancelled" : "failed";
  return { status, message, exitCode: e instanceof StepError ? e.exitCode : null };
}
