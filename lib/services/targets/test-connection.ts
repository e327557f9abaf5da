import { z } from "zod";
import { requirePermission, type Actor } from "../../auth/actor";
import { unsealJson } from "../../crypto/secrets";
import { ValidationError } from "../../errors";
import { typeModule } from "../../engine/types/registry";
import { parseSource } from "../../engine/targets/source-input";
import { storedSource } from "../../engine/targets/stored-source";
import { urlSecretValues, withUrlSecret, type UrlSecret } from "../../engine/targets/url-secrets";
import { executableCheck } from "../../engine/types/shared/executable-check";
import { resolveTarget } from "../../engine/targets/resolve";
import { runnerFor, type ToolRunner } from "../../engine/servers/runner";
import { checkCtx, remoteExecutableCheck, type RemoteCheckCtx } from "../../engine/types/shared/remote-checks";
import type { TargetTypeModule } from "../../engine/types/module";
import type { ConnectionCheck } from "../../engine/types/restore-shapes";

export const testConnectionInput = z.object({
  type: z.string().min(1, "Choose a type"),
  source: z.record(z.string(), z.unknown()).default({}),
  /** Editing: a password left empty (or *** in the URL) means the stored one. */
  targetId: z.coerce.number().int().positive().optional(),
  preHook: z.string().trim().optional(),
  postHook: z.string().trim().optional(),
  /** The form's Server choice: the checks run from that server over SSH (issue 17); null/"local": here. */
  serverId: z.preprocess((v) => (v === "" || v === "local" ? null : v), z.coerce.number("Choose a server").int().positive("Choose a server").nullable()).optional(),
});
export type TestConnectionInput = z.input<typeof testConnectionInput>;

export interface ConnectionCheckDto {
  what: string;
  ok: boolean;
  message: string;
  warning?: string;
}

const TIMEOUT_MS = 15_000;

/** Never show a password back, even inside a tool's error message. */
function masked(message: string, secrets: string[]): string {
  let out = message;
  for (const s of secrets) if (s) out = out.split(s).join("***");
  return out;
}

/** Where the checks run: here, or on the chosen server over SSH (with the ctx its commands need). */
type Place = { runner: null } | { runner: ToolRunner; ctx: RemoteCheckCtx };

function placeFor(mod: TargetTypeModule, serverId: number | null | undefined): Place {
  if (serverId == null) return { runner: null };
  if (!mod.runsOnServers || !mod.testConnectionOn) throw new ValidationError("Please fix the highlighted fields", { serverId: `${mod.label} targets run on Local only` });
  return { runner: runnerFor(serverId), ctx: checkCtx(AbortSignal.timeout(TIMEOUT_MS)) };
}

/** A check that could not run (the server is unreachable, a tool missing there) is a failed check, not an error. */
async function attempt(what: string, secrets: string[], fn: () => Promise<ConnectionCheck> | ConnectionCheck): Promise<ConnectionCheckDto> {
  try {
    const r = await fn();
    return { what, ...r, message: masked(r.message, secrets) };
  } catch (e) {
    return { what, ok: false, message: masked((e as Error).message || String(e), secrets) };
  }
}

/**
 * "Test connection" on the target form: what is typed (not saved yet) is checked the way a
 * backup would use it (the type module's testConnection: a database answers with its version, a
 * folder is readable, a script is executable), and so are the hooks. For a target on another
 * server (issue 17) the same checks run there over SSH: its psql, its folders, its scripts.
 * Admins only, like saving.
 */
export async function testTargetConnection(actor: Actor, raw: TestConnectionInput): Promise<ConnectionCheckDto[]> {
  requirePermission(actor, "manage");
  const input = testConnectionInput.parse(raw);
  const mod = typeModule(input.type);
  const checks: ConnectionCheckDto[] = [];
  let place: Place;
  try {
    place = placeFor(mod, input.serverId);
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    // The server row is gone (runnerFor): say so as the check's answer.
    return [{ what: mod.label, ok: false, message: (e as Error).message }];
  }
  try {
    await runChecks(mod, input, place, checks);
  } finally {
    if (place.runner) place.ctx.log.close();
  }
  if (checks.length === 0) throw new ValidationError(`There is nothing to test for a ${mod.label} target`);
  return checks;
}

async function runChecks(mod: TargetTypeModule, input: z.output<typeof testConnectionInput>, place: Place, checks: ConnectionCheckDto[]): Promise<void> {
  if (mod.testConnection) {
    const errors: Record<string, string> = {};
    const parsed = parseSource(input.type, input.source, errors);
    if (!parsed) throw new ValidationError("Please fix the highlighted fields", errors);
    let source = parsed;
    if (input.targetId) {
      const current = resolveTarget(input.targetId).target;
      if (current.type === input.type) {
        const stored = storedSource(input.type, parsed, current.secretEnc);
        source = { ...stored.source };
        if (typeof source.url === "string") source.url = withUrlSecret(source.url, unsealJson<UrlSecret>(stored.secretEnc));
      }
    }
    const secrets = typeof source.url === "string" ? urlSecretValues(source.url) : [];
    const local = mod.testConnection;
    checks.push(
      await attempt(mod.label, secrets, () => (place.runner ? mod.testConnectionOn!(source, place.runner, place.ctx) : local(source, AbortSignal.timeout(TIMEOUT_MS)))),
    );
  }
  // Hooks run on the target's server: they are looked for there.
  for (const [what, p] of [["pre-hook", input.preHook], ["post-hook", input.postHook]] as const) {
    if (p) checks.push(await attempt(what, [], () => (place.runner ? remoteExecutableCheck(place.runner, p, what, place.ctx) : executableCheck(p, what))));
  }
}
