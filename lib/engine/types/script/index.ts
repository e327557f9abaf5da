import type { TargetTypeModule } from "../module";
import { fieldError } from "../form-fields";
import { executableCheck } from "../shared/executable-check";
import { executableError } from "../shared/path-checks";
import { folderRestoreOps } from "../filesystem/destination";
import { folderContents } from "../filesystem/contents";
import { folderTestRestore } from "../filesystem/test-restore";
import { scriptSource } from "./schema";
import { scriptFields } from "./fields";
import { scriptDriver } from "./backup";
import { onTargetServer } from "../shared/remote-driver";
import { produceRemoteScript } from "./remote";
import { remoteExecutableCheck } from "../shared/remote-checks";

/** The team's own script: what it writes to $LIFEBOAT_OUTPUT_DIR becomes files/…, restored like a folder (never over its own place: it has none). */
export const scriptType: TargetTypeModule = {
  type: "script",
  label: "Custom script",
  fields: scriptFields,
  runsOnServers: true,
  schema: scriptSource,
  secretFields: [],
  checkPlaces(s) {
    const msg = executableError(String(s.command), "script");
    return fieldError("source.command", msg);
  },
  describe: scriptDriver.describe,
  backup: onTargetServer(scriptDriver, produceRemoteScript),
  payloadNames: ["files/"],
  restore: folderRestoreOps({ original: false }),
  contents: folderContents,
  testRestore: folderTestRestore,
  testConnection: async (s) => executableCheck(String(s.command), "script"),
  testConnectionOn: (s, runner, ctx) => remoteExecutableCheck(runner, String(s.command), "script", ctx),
};
