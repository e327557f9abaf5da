import type { TaskKind } from "./task-kind";
import { backupKind } from "./kinds/backup";
import { restoreKind } from "./kinds/restore";
import { testRestoreKind } from "./kinds/test-restore";
import { pruneKind } from "./kinds/prune";
import { retentionSweepKind } from "./kinds/retention-sweep";
import { storageSampleKind } from "./kinds/storage-sample";
import { pitrBaseBackupKind } from "./kinds/pitr-base-backup";
import { pitrRestoreKind } from "./kinds/pitr-restore";
import { copyKind } from "./kinds/copy";
import { copyScrubKind } from "./kinds/copy-scrub";
import { resticPruneKind } from "./kinds/restic-prune";
import { resticCheckKind } from "./kinds/restic-check";
import { resticUnlockKind } from "./kinds/restic-unlock";

/**
 * Every kind of background work, one line each. A new kind (copy to offsite storage, repository
 * check, WAL streaming) is one file under kinds/ implementing TaskKind plus one line here: the
 * queue, cancel and start-up recovery find it through this list.
 */
export const TASK_KINDS: readonly TaskKind[] = [
  backupKind,
  restoreKind,
  testRestoreKind,
  pruneKind,
  retentionSweepKind,
  storageSampleKind,
  pitrBaseBackupKind,
  pitrRestoreKind,
  copyKind,
  resticPruneKind,
  resticCheckKind,
  resticUnlockKind,
  copyScrubKind,
];

export function kindNamed(name: string): TaskKind {
  const k = TASK_KINDS.find((x) => x.name === name);
  if (!k) throw new Error(`unknown task kind "${name}"`);
  return k;
}
