import type { ResticSourceOf } from "../../restic/source-spec";
import { StepError } from "../../process/step";
import { DOCKER_IMAGE_RE, refuseOptionLike } from "../shared/option-safe";
import { DEFAULT_DOCKER_IMAGE, dockerVolumeArgs } from "./backup";

/** The volume's tar from a throwaway container, into restic as volume.tar (unchanged files dedup). */
export const dockerVolumeRestic: ResticSourceOf = (s, target) => {
  const volume = String(s.volume);
  const image = typeof target.meta?.dockerImage === "string" ? target.meta.dockerImage : DEFAULT_DOCKER_IMAGE;
  if (!DOCKER_IMAGE_RE.test(image)) throw new StepError(`meta.dockerImage "${image}" is not a Docker image name`);
  refuseOptionLike({ "volume name": volume });
  return { kind: "dump", command: { cmd: "docker", args: dockerVolumeArgs(volume, image), filename: "volume.tar" } };
};
