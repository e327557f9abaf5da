/** Words for each event type (messages, the channel form, the delivery log). No imports: safe in client code. */
export const EVENT_TITLES: Record<string, string> = {
  "run.failed": "Backup failed",
  "run.partial": "Backup partly failed",
  "target.overdue": "Backup overdue",
  "target.recovered": "Backup recovered",
  "restore.success": "Restore finished",
  "restore.failed": "Restore failed",
  "test_restore.failed": "Test restore failed",
  "storage.forecast": "Storage filling up",
  "pitr.stopped": "WAL streaming stopped",
  "pitr.lagging": "WAL streaming lagging",
  "pitr.slot_bloat": "Replication slot holding too much WAL",
  "copy.failed": "Offsite copy failed",
  "copy.lagging": "Offsite copy lagging",
  "copy.recovered": "Offsite copy caught up",
  "copy.corrupt": "Offsite copy damaged",
  "server.unreachable": "Server unreachable",
  "server.host_key_changed": "Server host key changed",
};

/** Event types in the order the form lists them (mirrors lib/engine/events.ts EVENT_TYPES). */
export const EVENT_TYPE_OPTIONS = Object.keys(EVENT_TITLES);
