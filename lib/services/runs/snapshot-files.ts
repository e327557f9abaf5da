import type { Readable } from "node:stream";
import { z } from "zod";
import { getDb } from "../../db/client";
import { writeAudit } from "../../audit/write";
import { NotFoundError, ValidationError } from "../../errors";
import { requirePermission, type Actor } from "../../auth/actor";
import { loadRunForActor } from "./get";
import { ResticError } from "../../engine/restic/errors";
import { listRunFolder, openRunDump } from "../../engine/restic/run-access";
import type { TreePage } from "../../engine/restic/ls";

export type SnapshotFolder = TreePage & { offset: number; limit: number };

export const runFilesInput = z.object({
  path: z.string().max(4096).default("/"),
  q: z.string().trim().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** restic's words for a path that is not there or a run without a snapshot → 404; a bad path → 400. */
function mapped(e: unknown): unknown {
  if (!(e instanceof ResticError)) return e;
  if (/Invalid path/.test(e.message)) return new ValidationError(e.message, { path: e.message });
  if (e.kind === "no-repository" || /is not a folder|is not in snapshot/.test(e.message)) return new NotFoundError(e.message);
  return e;
}

/** One folder of a restic run's snapshot (viewer+: like the run's manifest, names only). */
export async function listRunFiles(actor: Actor, runId: number, raw: z.input<typeof runFilesInput>): Promise<SnapshotFolder> {
  requirePermission(actor, "read");
  const input = runFilesInput.parse(raw);
  const { run } = loadRunForActor(actor, runId);
  try {
    const page = await listRunFolder(run, input.path, { offset: input.offset, limit: input.limit, search: input.q });
    return { ...page, offset: input.offset, limit: input.limit };
  } catch (e) {
    throw mapped(e);
  }
}

/** A folder of the snapshot as a tar (or one file), streamed from `restic dump`; operator+, audited. */
export async function downloadRunFiles(actor: Actor, runId: number, at: string): Promise<{ fileName: string; stream: Readable }> {
  requirePermission(actor, "artifact.download");
  const { run } = loadRunForActor(actor, runId);
  try {
    const d = await openRunDump(run, at || "/");
    getDb().transaction((tx) => {
      writeAudit(tx, actor, { action: "artifact.download", entityType: "run", entityId: runId, after: { file: "snapshot", path: at || "/", fileName: d.fileName } });
    });
    return d;
  } catch (e) {
    throw mapped(e);
  }
}
