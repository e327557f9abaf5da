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

export const testConnectionInput = z.object({
  type: z.string().min(1, "Choose a type"),
  source: z.record(z.string(), z.unknown()).default({}),
  /** Editing: a password left empty (or *** in the URL) means the stored one. */
  targetId: z.coerce.number().int().positive().optional(),
  preHook: z.string().trim().optional(),
  postHook: z.string().trim().optional(),
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

/**
 * "Test connection" on the target form: what is typed (not saved yet) is checked the way a
 * backup would use it (the type module's testConnection: a database answers with its version, a
 * folder is readable, a script is executable), and so are the hooks. Admins only, like saving.
 */
export async function testTargetConnection(actor: Actor, raw: TestConnectionInput): Promise<ConnectionCheckDto[]> {
  requirePermission(actor, "manage");
  const input = testConnectionInput.parse(raw);
  const mod = typeModule(input.type);
  const checks: ConnectionCheckDto[] = [];
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
    try {
      const r = await mod.testConnection(source, AbortSignal.timeout(TIMEOUT_MS));
      checks.push({ what: mod.label, ...r, message: masked(r.message, secrets) });
    } catch (e) {
      checks.push({ what: mod.label, ok: false, message: masked((e as Error).message || String(e), secrets) });
    }
  }
  for (const [what, p] of [["pre-hook", input.preHook], ["post-hook", input.postHook]] as const) {
    if (p) checks.push({ what, ...executableCheck(p, what) });
  }
  if (checks.length === 0) throw new ValidationError(`There is nothing to test for a ${mod.label} target`);
  return checks;
}
