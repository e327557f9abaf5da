import path from "node:path";
import { runTool } from "../../process/exec-tool";
import { StepError } from "../../process/step";
import type { Driver } from "../backup-types";
import { watchFileSize } from "../shared/file-progress";
import { DOCKER_IMAGE_RE, refuseOptionLike } from "../shared/option-safe";

export const DEFAULT_DOCKER_IMAGE = "alpine:3.20";

/** A throwaway container that mounts the volume read-only and writes a tar of it to stdout. */
export function dockerVolumeArgs(volume: string, image: string = DEFAULT_DOCKER_IMAGE): string[] {
  return ["run", "--rm", "--network", "none", "-v", `${volume}:/volume:ro`, image, "tar", "-cf", "-", "-C", "/volume", "."];
}

/** The image that reads the volume (meta.dockerImage, default alpine:3.20), checked: it becomes `docker run … IMAGE`. */
export function readerImage(target: { meta?: Record<string, unknown> | null }, volume: string): string {
  const image = typeof target.meta?.dockerImage === "string" ? target.meta.dockerImage : DEFAULT_DOCKER_IMAGE;
  // `docker run … IMAGE`: an "image" like --privileged would be an option of docker run.
  if (!DOCKER_IMAGE_RE.test(image)) throw new StepError(`meta.dockerImage "${image}" is not a Docker image name`);
  refuseOptionLike({ "volume name": volume });
  return image;
}

/** Needs the docker CLI and a reachable engine; says so plainly when either is missing. */
export const dockerVolumeDriver: Driver = {
  type: "docker_volume",
  describe: (s) => ({ volume: s.volume }),
  async produce(ctx) {
    const volume = String(ctx.source.volume);
    const image = readerImage(ctx.target, volume);
    let serverVersion: string;
    try {
      serverVersion = (
        await runTool("docker", ["version", "--format", "{{.Server.Version}}"], { signal: ctx.signal, log: ctx.log, capture: true })
      ).stdout.trim();
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      const lines = ctx.log.lastErrorLines(2);
      const why = /not installed/.test((e as Error).message)
        ? "the docker command was not found"
        : lines.join(" | ") || (e as Error).message;
      throw new StepError(`Docker is not available: ${why}`);
    }
    const clientVersion = (
      await runTool("docker", ["version", "--format", "{{.Client.Version}}"], { signal: ctx.signal, log: ctx.log, capture: true })
    ).stdout.trim();
    const out = path.join(ctx.workDir, "volume.tar");
    const stop = watchFileSize(out, (b) => ctx.progress(b, null));
    try {
      await runTool("docker", dockerVolumeArgs(volume, image), { signal: ctx.signal, log: ctx.log, stdoutFile: out });
    } finally {
      stop();
    }
    return {
      kind: "file",
      path: out,
      name: "volume.tar",
      tool: { name: "docker", version: clientVersion },
      server: { version: serverVersion },
      finishedAt: new Date(),
    };
  },
};
