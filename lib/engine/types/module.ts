import type { z } from "zod";
import type { Target } from "../../db/schema";
import type { ArtifactManifest } from "../archive/read";
import type { RestoreCtx } from "../restore/context";
import type { Undo } from "../restore/undo-alternate";
import type { Driver } from "./backup-types";
import type { ResticSourceOf } from "../restic/source-spec";
import type { FormField } from "./form-fields";
import type { ToolRunner } from "../servers/runner";
import type { RemoteCheckCtx } from "./shared/remote-checks";
import type { ConnectionCheck, Contents, DestinationInput, DestinationState, Resolved } from "./restore-shapes";

/** How a type restores: where to (from the form's input), into it, what is there now. */
export interface TypeRestore {
  /** Refused with a ValidationError when the input does not apply (wrong mode, a path inside Lifeboat's data…). */
  resolve(target: Target, source: Record<string, unknown>, input: DestinationInput): Resolved;
  /** Restore into the destination; `undo` takes back what an alternate restore created when it fails. */
  into(ctx: RestoreCtx, dest: Resolved, sourceUrl: string | null, undo: Undo): Promise<string>;
  /** The destination for display and the restores row: no password. */
  describe(dest: Resolved): string;
  probe(dest: Resolved): Promise<DestinationState>;
}

export interface ContentsArgs {
  /** Cache file prefix for this run and checksum (shared/preview-cache.ts). */
  cacheBase: string;
  runId: number;
  sha: string | null;
  artifact: string;
  manifest: ArtifactManifest;
}

export interface TestRestoreArgs {
  ctx: RestoreCtx;
  manifest: ArtifactManifest;
  /** The database login to use (the restricted restore login for an uploaded artifact). */
  login: { url: string; restricted: boolean };
  source: Record<string, unknown>;
  restoreId: number;
  /** The target's server: the scratch copy is made there, by its tools (null or absent: Local). */
  serverId?: number | null;
}

/**
 * Everything Lifeboat knows about one target type (lib/engine/types/<type>/index.ts), listed
 * once in registry.ts. Generic engine code (backup task, restore, preview, test restore, the
 * target services, the form and the OpenAPI document) reaches a type only through this.
 */
export interface TargetTypeModule {
  type: string;
  label: string;
  /** Source fields for the form and the OpenAPI document. */
  fields: readonly FormField[];
  /** Its backups, restores and hooks can run on another server over SSH (a target's `serverId`); absent: Local only. */
  runsOnServers?: boolean;
  /** The source as stored (zod); unknown keys are dropped. */
  schema: z.ZodType;
  /** Source keys whose secret part is sealed at rest (`url`: its password and secret query parameters). */
  secretFields: readonly string[];
  /** The form's separate fields turned into the schema's shape (database host/port/… → url), or null when they have errors. */
  fromFields?(raw: Record<string, unknown>, errors: Record<string, string>): Record<string, unknown> | null;
  /** Local paths the source reads: refused when they overlap Lifeboat's own data folder. */
  localPaths?(source: Record<string, unknown>): { path: string; what: string }[];
  /** Checks that look at this machine when the target is saved, keyed like `source.path`. */
  checkPlaces?(source: Record<string, unknown>): Record<string, string>;
  /** Checks of the target's `meta` keys this type hands to a tool, keyed `meta`. */
  checkMeta?(meta: Record<string, unknown>): Record<string, string>;
  /** The source for the manifest and the log: no secrets. */
  describe(source: Record<string, unknown>): Record<string, unknown>;
  /** Produce the payload. Absent: Lifeboat does not run this type's backups (external). */
  backup?: Driver;
  /** How the restic engine backs this type up (`"engine": "restic"`); absent: archive only. */
  restic?: ResticSourceOf;
  /** The manifest payload names this type writes (FORMAT.md). */
  payloadNames: readonly string[];
  restore?: TypeRestore;
  /** Why a restore is refused when there is no `restore`. */
  noRestoreReason?: string;
  /** What is inside an artifact of this type (the preview page). */
  contents?(args: ContentsArgs): Promise<Contents>;
  /** Restore into a scratch place, compare with the manifest, remove it; returns what was checked. */
  testRestore?(args: TestRestoreArgs): Promise<string>;
  /** "Test connection" on the form: the database answers (with its version), the folder is readable… */
  testConnection?(source: Record<string, unknown>, signal?: AbortSignal): Promise<ConnectionCheck>;
  /** The same check run from the target's server over SSH (types that run on servers). */
  testConnectionOn?(source: Record<string, unknown>, runner: ToolRunner, ctx: RemoteCheckCtx): Promise<ConnectionCheck>;
}
