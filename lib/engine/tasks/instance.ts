import { bootId, procInfo } from "../process/proc-info";

/**
 * This engine instance's name on rows it claims: boot id / pid / process start time. The start
 * time (with the boot id) tells a live console from a recycled pid, as the process registry does.
 */
let cached: string | null = null;
export function instanceId(): string {
  cached ??= `${bootId()}/${process.pid}/${procInfo(process.pid)?.start ?? "?"}`;
  return cached;
}

/** Is the instance that wrote `id` still running (this boot, same pid, same start time)? */
export function instanceAlive(id: string | null): boolean {
  if (!id) return false;
  const [boot, pid, start] = id.split("/");
  if (boot !== bootId()) return false;
  return procInfo(Number(pid))?.start === start;
}
