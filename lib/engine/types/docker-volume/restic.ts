import type { ResticSourceOf } from "../../restic/source-spec";
import { dockerVolumeArgs, readerImage } from "./backup";

/** The volume's tar from a throwaway container, into restic as volume.tar (unchanged files dedup). */
export const dockerVolumeRestic: ResticSourceOf = (s, target) => {
  const volume = String(s.volume);
  return { kind: "dump", command: { cmd: "docker", args: dockerVolumeArgs(volume, readerImage(target, volume)), filename: "volume.tar" } };
};
