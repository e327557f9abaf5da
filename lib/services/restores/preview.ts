import { hasRestoreLogin } from "../../engine/targets/source-input";
import { env } from "../../env";
import { requirePermission, type Actor } from "../../auth/actor";
import { can } from "../../auth/permissions";
import { ValidationError } from "../../errors";
import { loadRunForActor } from "../runs/get";
import { resolveTarget } from "../../engine/targets/resolve";
import type { RunDto } from "../runs/dto";
import { readManifest, ArtifactReadError, type ArtifactManifest } from "../../engine/archive/read";
import { artifactContents, searchFolderPaths, type Contents, type PathPage } from "../../engine/restore/contents";
import { canRestoreType, describeDestination, resolveDestination, type DestinationInput } from "../../engine/restore/destination";
import { probeDestination, type DestinationState } from "../../engine/restore/probe";
import { freeSpaceAt, type FreeSpace } from "../../engine/restore/free-space";
import { artifactFileOf } from "../../engine/restore/paths";
import { restoreUrlFor } from "../../engine/restore/restore-login";
import { loginRightsWarnings } from "../../engine/types/shared/login-rights";
import { restoreNeedsAdmin } from "./upload-rights";
import { artifactSources, type ArtifactSource } from "../../engine/copies/artifact-sources";
import { previewFromCopy } from "./preview-copy";

export interface RestorePreview {
  run: RunDto;
  manifest: ArtifactManifest | null;
  /**
   * Where the artifact can be read from: the primary and every copy, healthy nearest first, and
   * `source`, the one a restore would use (the primary if present, else the nearest healthy copy).
   */
  sources: ArtifactSource[];
  source: ArtifactSource | null;
  /** Why the manifest or contents could not be read (a damaged artifact). */
  problem: string | null;
  contents: Contents | null;
  restorable: boolean;
  destination: {
    input: DestinationInput;
    label: string;
    original: boolean;
    /** The original gets a safety backup; an alternate must be absent or empty. */
    safetyBackup: boolean;
    state: DestinationState | null;
    error: string | null;
  };
  /** Rights of the restoring login and untrusted origin, said before anything runs. */
  warnings: string[];
  /** Restoring this run needs an admin (an uploaded artifact into a database). */
  needsAdmin: boolean;
  /** The restricted restore login used for this (uploaded) artifact, when the target has one. */
  restoreLogin: string | null;
  space: {
    /** Payload size: what the destination needs at least. */
    needBytes: number | null;
    free: FreeSpace | null;
    /** Scratch space in the data directory (dumps are extracted there first). */
    workNeedBytes: number;
    workFree: FreeSpace | null;
    enough: boolean | null;
  };
}

/** Everything the read-only preview page shows (viewer+). */
export async function getRestorePreview(actor: Actor, runId: number, input: DestinationInput = { mode: "original" }, opts: { storageId?: number | null } = {}): Promise<RestorePreview> {
  requirePermission(actor, "read");
  const { run, dto } = loadRunForActor(actor, runId);
  const { target, source } = resolveTarget(run.targetId);
  let manifest: ArtifactManifest | null = null;
  let contents: Contents | null = null;
  let problem: string | null = null;
  const sources = await artifactSources(run);
  // The user may pick where to read from (any healthy source); otherwise the nearest healthy one.
  const chosen = opts.storageId != null ? sources.find((s) => s.storageId === opts.storageId) : undefined;
  if (opts.storageId != null && !chosen) problem = `This run has no artifact in storage location ${opts.storageId}`;
  else if (chosen && !chosen.healthy) problem = `The ${chosen.role} in ${chosen.name} cannot be read: ${chosen.problem}`;
  const readFrom = opts.storageId != null ? (chosen?.healthy ? chosen : null) : (sources.find((s) => s.healthy) ?? null);
  // A restic run has no artifact file: its snapshot's folders are browsed with GET /runs/{id}/files.
  // When the primary's snapshot is gone, a restic copy in a copy location is read instead.
  if (run.snapshot) {
    if (!problem && !readFrom) problem = `The snapshot is gone (${run.artifactState}) and no copy of it is healthy`;
  } else if (problem) {
    // The chosen source is not readable: the problem says why; nothing else is read in its place.
  } else if (readFrom?.role === "copy") {
    // A copy chosen, or the primary is pruned or missing: the manifest kept with the run, the contents when the copy
    // is a plain file on this machine; a restore fetches the copy and checks it on the way.
    ({ manifest, contents, problem } = await previewFromCopy(run, readFrom));
  } else {
    const artifact = artifactFileOf(run);
    try {
      manifest = run.manifest ? (run.manifest as ArtifactManifest) : await readManifest(artifact);
      contents = await artifactContents(run.id, run.sha256, artifact, manifest);
    } catch (e) {
      problem = e instanceof ArtifactReadError ? e.message : `The artifact could not be read: ${(e as Error).message}`;
    }
  }
  const needBytes = manifest?.payload.sizeBytes ?? run.snapshot?.totalBytes ?? null;
  const extracts = manifest ? ["database.dump", "dump.rdb", "database.sqlite"].includes(manifest.payload.name) : false;
  const workNeedBytes = extracts ? (needBytes ?? 0) : 0;
  const workFree = await freeSpaceAt(env().dataDir);
  let destination: RestorePreview["destination"];
  let free: FreeSpace | null = null;
  const needsAdmin = restoreNeedsAdmin(run, target);
  const warnings: string[] = [];
  let restoreLogin: string | null = null;
  if (needsAdmin) {
    warnings.push(
      "This artifact was uploaded, not made by this console: treat it as untrusted. Only an admin can restore it into a database" +
        (!hasRestoreLogin(target.type) ? "." : "; a restricted restore login on the target (a role without superuser rights) limits what its dump can do."),
    );
  }
  try {
    const d = resolveDestination(target, source, input);
    if (hasRestoreLogin(target.type) && d.url) {
      const login = restoreUrlFor(run, target, d.url);
      if (login.restricted) restoreLogin = decodeURIComponent(new URL(login.url).username);
      warnings.push(...(await loginRightsWarnings(d.kind as "postgres" | "mysql", login.url)));
    }
    // Probing another place (does it exist, its size, its tables) reads the server beyond the
    // target: that belongs to restoring (operator+), not to the read-only preview a viewer gets.
    if (!d.original && !can(actor.role, "restore.execute")) {
      throw new ValidationError("Only operators and admins can check another destination");
    }
    const state = await probeDestination(d);
    free = state.free;
    destination = {
      input,
      label: describeDestination(d),
      original: d.original,
      safetyBackup: d.original,
      state,
      error: !d.original && d.kind !== "rdb_file" && !state.empty ? "This destination already holds data: choose one that does not exist yet or is empty" : null,
    };
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    destination = { input, label: "", original: false, safetyBackup: false, state: null, error: e.message };
  }
  const enoughDest = free && needBytes != null ? free.freeBytes >= needBytes : null;
  const enoughWork = workFree ? workFree.freeBytes >= workNeedBytes : null;
  return {
    run: dto,
    sources,
    source: readFrom,
    manifest,
    problem,
    contents,
    restorable: canRestoreType(target.type) && !problem,
    destination,
    warnings,
    needsAdmin,
    restoreLogin,
    space: { needBytes, free, workNeedBytes, workFree, enough: enoughDest === false || enoughWork === false ? false : enoughDest ?? enoughWork },
  };
}

/** One page of the backed-up folder's paths, searched on the server (viewer+). */
export async function searchRunPaths(actor: Actor, runId: number, q: string, page: number): Promise<PathPage> {
  requirePermission(actor, "read");
  const { run } = loadRunForActor(actor, runId);
  const artifact = artifactFileOf(run);
  return searchFolderPaths(run.id, run.sha256, artifact, q.slice(0, 200), Math.max(1, page));
}
