import type { TargetTypeModule } from "../module";
import { fieldError } from "../form-fields";
import { DOCKER_IMAGE_RE } from "../shared/option-safe";
import { dockerVolumeSource } from "./schema";
import { dockerVolumeFields } from "./fields";
import { dockerVolumeDriver } from "./backup";
import { dockerVolumeRestic } from "./restic";
import { dockerVolumeConnection } from "./connection";
import { dockerVolumeRestore } from "./restore";
import { folderContents } from "../filesystem/contents";
import { volumeTestRestore } from "./test-restore";
import { onTargetServer } from "../shared/remote-driver";
import { produceRemoteDockerVolume, remoteDockerVolumeConnection } from "./remote";

/** A Docker volume: tar of it from a throwaway container (on the target's server) → volume.tar; restored through a checked scratch folder into a throwaway container (restore.ts). */
export const dockerVolumeType: TargetTypeModule = {
  type: "docker_volume",
  label: "Docker volume",
  fields: dockerVolumeFields,
  runsOnServers: true,
  schema: dockerVolumeSource,
  secretFields: [],
  // meta.dockerImage becomes `docker run … IMAGE`.
  checkMeta(meta) {
    const image = meta.dockerImage;
    const bad = image !== undefined && (typeof image !== "string" || !DOCKER_IMAGE_RE.test(image));
    return fieldError("meta", bad ? 'meta.dockerImage must be a Docker image name like "alpine:3.20" (it cannot start with "-")' : null);
  },
  describe: dockerVolumeDriver.describe,
  backup: onTargetServer(dockerVolumeDriver, produceRemoteDockerVolume),
  restic: dockerVolumeRestic,
  payloadNames: ["volume.tar"],
  restore: dockerVolumeRestore,
  contents: folderContents,
  testRestore: volumeTestRestore,
  testConnection: dockerVolumeConnection,
  testConnectionOn: remoteDockerVolumeConnection,
};
