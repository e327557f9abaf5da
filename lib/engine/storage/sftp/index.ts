import type { StorageKind } from "../kind";
import { SftpBackend } from "./backend";
import { sftpSettings, sftpWhere, type SftpSettings } from "./settings";

/** A folder on an SSH server, over SFTP, its host key pinned. */
export const sftpKind: StorageKind<SftpSettings> = {
  kind: "sftp",
  label: "SFTP server",
  settings: sftpSettings as unknown as StorageKind<SftpSettings>["settings"],
  secretFields: ["password", "privateKey"],
  create: (s) => new SftpBackend(s),
  where: sftpWhere,
};
