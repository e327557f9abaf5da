import fs from "node:fs";
import path from "node:path";
import type { DriverContext, FilePayload } from "../backup-types";
import type { ConnectionCheck } from "../restore-shapes";
import type { RunLog } from "../../process/run-log";
import { StepError } from "../../process/step";
import { runnerFor, type ToolRunner } from "../../servers/runner";
import { dockerVolumeArgs, readerImage } from "./backup";

type Ctx = { signal: AbortSignal; log: RunLog };

/**
 * A Docker volume on the target's server: the same throwaway container as locally, started by
 * that server's docker CLI over SSH, its tar streamed back into the work folder.
 */
export async function produceRemoteDockerVolume(ctx: DriverContext): Promise<FilePayload> {
  const runner = runnerFor(ctx.target.serverId);
  const volume = String(ctx.source.volume);
  const image = readerImage(ctx.target, volume);
  const version = async (what: "Server" | "Client") =>
    (await runner.run("docker", ["version", "--format", `{{.${what}.Version}}`], { ...ctx, capture: true, label: "docker" })).stdout.trim();
  let serverVersion: string;
  try {
    serverVersion = await version("Server");
  } catch (e) {
    if (e instanceof StepError) throw new StepError(`Docker is not available on ${runner.where}: ${e.message}`, "failed", e.exitCode);
    throw e;
  }
  const clientVersion = await version("Client");
  const out = path.join(ctx.workDir, "volume.tar");
  let bytes = 0;
  await runner.run("docker", dockerVolumeArgs(volume, image), { ...ctx, stdoutFile: out, onBytes: (n) => ctx.progress((bytes += n), null) });
  ctx.progress(fs.statSync(out).size, null);
  return { kind: "file", path: out, name: "volume.tar", tool: { name: "docker", version: clientVersion }, server: { version: serverVersion }, finishedAt: new Date() };
}

/** "Test connection" on the server: its docker CLI answers and the volume exists there. */
export async function remoteDockerVolumeConnection(source: Record<string, unknown>, runner: ToolRunner, ctx: Ctx): Promise<ConnectionCheck> {
  const volume = String(source.volume);
  try {
    // The name passed the schema (no leading "-"); `--` ends the options anyway.
    await runner.run("docker", ["volume", "inspect", "--format", "{{.Mountpoint}}", "--", volume], { ...ctx, capture: true, label: "docker" });
  } catch (e) {
    if (!(e instanceof StepError)) throw e;
    const why = e.exitCode === 127 ? "the docker command was not found" : (ctx.log.lastErrorLines(1)[0] ?? e.message);
    return { ok: false, message: `Docker volume ${volume} on ${runner.where}: ${why}` };
  }
  return { ok: true, message: `Found Docker volume ${volume} on ${runner.where}` };
}
