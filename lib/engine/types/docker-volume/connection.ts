import { trackedExeca } from "../../process/process-registry";
import type { ConnectionCheck } from "../restore-shapes";

/** `docker volume inspect`: the CLI is there, the engine answers and the volume exists. */
export async function dockerVolumeConnection(source: Record<string, unknown>, signal?: AbortSignal): Promise<ConnectionCheck> {
  const volume = String(source.volume);
  // The name passed the schema (no leading "-"); `--` ends the options anyway.
  const r = await trackedExeca("docker", ["volume", "inspect", "--format", "{{.Mountpoint}}", "--", volume], { reject: false, cancelSignal: signal, timeout: 15_000, stdin: "ignore" });
  if (r.failed) {
    const why = (r as { code?: string }).code === "ENOENT" ? "the docker command was not found" : String(r.stderr || r.shortMessage).trim().split("\n").slice(-1)[0];
    return { ok: false, message: `Docker volume ${volume}: ${why}` };
  }
  return { ok: true, message: `Found Docker volume ${volume}` };
}
