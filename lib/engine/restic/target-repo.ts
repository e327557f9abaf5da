import { getDb } from "../../db/client";
import type { Run, StorageLocation, Target } from "../../db/schema";
import { unsealJson } from "../../crypto/secrets";
import { locationForTarget } from "../storage/folder-location";
import { getLocation } from "../storage/locations";
import { ensureRepo } from "./init";
import { ResticError } from "./errors";
import { withLocationRepo, type LocationSettings } from "./location-repo";
import { ensureRepoPassword, markRepoInitialized } from "./repo-password";
import type { ResticCallOptions } from "./exec";
import type { ResticRepo } from "./repo";

const LOCK_RETRIES = 24;
const LOCK_WAIT_MS = 5000;

/**
 * One repository serves several targets, and restic 0.14 has no --retry-lock: a forget or prune
 * (exclusive lock) of one target makes a backup of another fail at once with "locked", and the
 * other way round. Such a call is tried again for up to two minutes (cancellable) before failing.
 */
export async function withLockRetry<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof ResticError && e.kind === "locked") || i >= LOCK_RETRIES || signal?.aborted) throw e;
      await new Promise((r) => setTimeout(r, LOCK_WAIT_MS));
      signal?.throwIfAborted();
    }
  }
}

/** A location row with its secrets put back, in the shape withLocationRepo takes. */
export function locationSettingsOf(loc: StorageLocation): LocationSettings {
  return { kind: loc.kind, ...loc.settings, ...(unsealJson<Record<string, unknown>>(loc.secretEnc) ?? {}) } as unknown as LocationSettings;
}

/**
 * Run `fn` with the repository of a location; on the first use it is created (`restic init`,
 * 2–3.5 s of key derivation) or, when one is already there, opened with the stored password.
 */
export async function withRepoOf<T>(loc: StorageLocation, fn: (repo: ResticRepo) => Promise<T>, opts: ResticCallOptions = {}): Promise<T> {
  const { password, row } = ensureRepoPassword(loc.id);
  return withLocationRepo(
    locationSettingsOf(loc),
    password,
    async (repo) => {
      if (!row.initializedAt) {
        await ensureRepo(repo, opts);
        markRepoInitialized(loc.id);
      }
      return withLockRetry(() => fn(repo), opts.signal);
    },
    { signal: opts.signal },
  );
}

/** The repository new snapshots of a target go to: the one on its storage location. */
export async function withTargetRepo<T>(target: Target, fn: (repo: ResticRepo, loc: StorageLocation) => Promise<T>, opts: ResticCallOptions = {}): Promise<T> {
  const loc = locationForTarget(target);
  return withRepoOf(loc, (repo) => fn(repo, loc), opts);
}

/** The repository holding a run's snapshot (the location recorded on the run). */
export async function withRunRepo<T>(run: Pick<Run, "id" | "storageId">, fn: (repo: ResticRepo) => Promise<T>, opts: ResticCallOptions = {}): Promise<T> {
  const loc = run.storageId != null ? getLocation(run.storageId, getDb()) : undefined;
  if (!loc) throw new Error(`Run ${run.id} has no storage location for its snapshot`);
  return withRepoOf(loc, fn, opts);
}
