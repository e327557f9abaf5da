import { parseArgs } from "node:util";
import { toApiPreview } from "../api/restore-shape";
import { toDestinationInput, type ApiDestination } from "../api/restore-input";
import { getRun } from "../services/runs/get";
import { getRestorePreview } from "../services/restores/preview";
import { startRestore } from "../services/restores/create";
import { cancelRestoreService } from "../services/restores/cancel";
import { getRestore } from "../services/restores/query";
import { restoreSettled } from "../engine/restores/wait";
import { formatDuration } from "../ui/units";
import { cliActor } from "./actor";
import type { Io } from "./io";
import { previewLines } from "./restore-preview-text";
import { UsageError } from "./usage";

/** --to: an absolute path (file or folder; for Redis its data file), a redis:// URL, or a database name. */
function destinationOf(to: string | undefined): ApiDestination | undefined {
  if (to === undefined) return undefined;
  if (to.startsWith("/")) return { path: to };
  if (/^rediss?:\/\//.test(to)) return { url: to };
  if (!to || to.startsWith("-")) throw new UsageError("--to needs a database name, an absolute path or a redis:// URL");
  return { database: to };
}

/**
 * lifeboat restore <run-id> [--to DB|PATH|URL] --yes: prints the preview; without --yes it stops
 * there (exit 1). With it, restores in this process — checksum, safety backup of the original,
 * restore — waits and prints the outcome. Ctrl-C cancels the restore (exit 130).
 */
export async function restore(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: { to: { type: "string" }, yes: { type: "boolean", default: false } } });
  if (positionals.length !== 1 || !/^\d+$/.test(positionals[0]!)) throw new UsageError("restore needs one run id (see the runs page or GET /api/v1/runs)");
  const actor = cliActor();
  const runId = Number(positionals[0]);
  const run = getRun(actor, runId);
  const destination = toDestinationInput(destinationOf(values.to), run.targetType);
  const preview = toApiPreview(await getRestorePreview(actor, runId, destination));
  for (const line of previewLines(run, preview)) io.out(line);
  if (!values.yes) {
    io.err(`Not restored: add --yes to restore run ${runId} into ${preview.destination.label || "the destination"}.`);
    return 1;
  }
  const started = await startRestore(actor, { runId, destination, confirmName: run.targetName });
  io.err(`Restore ${started.id} started (Ctrl-C cancels it) …`);
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    io.err(`Cancelling restore ${started.id} …`);
    void cancelRestoreService(actor, started.id).catch((e) => io.err(`Could not cancel: ${(e as Error).message}`));
  };
  process.once("SIGINT", onSigint);
  try {
    await restoreSettled(started.id, 7 * 24 * 3600_000);
  } finally {
    process.removeListener("SIGINT", onSigint);
  }
  const r = getRestore(actor, started.id);
  const safety = r.safetyRunId ? `, safety backup run ${r.safetyRunId}` : "";
  io.out(`Restore ${r.id} ${r.status}: ${r.destinationLabel} in ${formatDuration(r.durationMs)}${safety}${r.error ? `\n  ${r.status === "cancelled" ? "" : "error: "}${r.error}` : ""}`);
  if (r.status === "success") return 0;
  return interrupted && r.status === "cancelled" ? 130 : 1;
}
