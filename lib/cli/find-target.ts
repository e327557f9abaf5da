import { listTargets } from "../services/targets/list";
import type { Actor } from "../auth/actor";
import { UsageError } from "./usage";

/** "12" or "app/target" → the target id. */
export function findTargetId(actor: Actor, ref: string): number {
  const all = listTargets(actor);
  if (/^\d+$/.test(ref)) {
    const t = all.find((x) => x.id === Number(ref));
    if (!t) throw new UsageError(`No target with id ${ref}`);
    return t.id;
  }
  const slash = ref.indexOf("/");
  if (slash < 1) throw new UsageError(`Name a target as <id> or <app>/<target>, not "${ref}"`);
  const app = ref.slice(0, slash);
  const name = ref.slice(slash + 1);
  const t = all.find((x) => x.appName === app && x.name === name);
  if (!t) throw new UsageError(`No target "${name}" in app "${app}"`);
  return t.id;
}
