import type { TargetTypeModule } from "../module";
import { fieldError } from "../form-fields";
import { dataDirError } from "../../../data-dir";
import { folderError } from "../shared/path-checks";
import { filesystemSource } from "./schema";
import { filesystemFields } from "./fields";
import { filesystemDriver } from "./backup";
import { filesystemRestic } from "./restic";
import { folderRestoreOps } from "./destination";
import { folderContents } from "./contents";
import { folderTestRestore } from "./test-restore";
import { folderConnection } from "./connection";
import { onTargetServer } from "../shared/remote-driver";
import { produceRemoteFolder } from "./remote";
import { remoteFolderCheck } from "../shared/remote-checks";

/** A folder: streamed into the archive as files/…; restored without following links (folder-links.ts). */
export const filesystemType: TargetTypeModule = {
  type: "filesystem",
  label: "Folder (filesystem)",
  fields: filesystemFields,
  runsOnServers: true,
  schema: filesystemSource,
  secretFields: [],
  localPaths: (s) => [{ path: String(s.path), what: "folder" }],
  checkPlaces(s) {
    const p = String(s.path);
    const msg = folderError(p) ?? dataDirError(p, "folder");
    return fieldError("source.path", msg);
  },
  describe: filesystemDriver.describe,
  backup: onTargetServer(filesystemDriver, produceRemoteFolder),
  restic: filesystemRestic,
  payloadNames: ["files/"],
  restore: folderRestoreOps({ original: true }),
  contents: folderContents,
  testRestore: folderTestRestore,
  testConnection: folderConnection,
  testConnectionOn: (s, runner, ctx) => remoteFolderCheck(runner, String(s.path), ctx),
};
