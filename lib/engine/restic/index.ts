/**
 * The restic engine: a small client over the restic CLI (Debian 0.14). Every call takes a
 * ResticRepo (location + password + cache dir) and runs one restic command with `--json`,
 * argument arrays and the password in a 0600 file. Targets, the queue and the API build on it.
 */
export { ResticError, type ResticErrorKind } from "./errors";
export type { ResticChild } from "./exec";
export { generateRepoPassword, targetTag, SNAPSHOT_HOST, type ResticRepo } from "./repo";
export { initRepo, repoExists, ensureRepo } from "./init";
export { backupFolder, backupStream, type BackupOptions, type BackupResult } from "./backup";
export { backupFromCommand, type DumpCommand } from "./backup-command";
export type { BackupProgress, SnapshotSummary } from "./backup-output";
export { listSnapshots, forgetSnapshots, type Snapshot } from "./snapshots";
export { forgetByPolicy, policyArgs } from "./forget";
export { prune, check, rawDataSize } from "./maintenance";
export { listLocks, unlockOwnStale } from "./locks";
export { listTree, snapshotPath, type TreeEntry, type TreePage } from "./ls";
export { restoreSnapshot } from "./restore";
export { dumpTar } from "./dump";
export { initCopyRepo, copySnapshots } from "./copy";
export { requireRestic, parseResticVersion } from "./version";
export { toRunSnapshot, type RunSnapshot } from "./run-snapshot";
export { restoreSize } from "./restore-size";
export { withLocationRepo, REPO_FOLDER, type LocationSettings } from "./location-repo";
