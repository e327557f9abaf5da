"use client";

// Placeholder owned by the backup-engine work: replaced by the real button (server action
// run.trigger, "already running" message, hidden for external targets and for viewers).
export function BackupNowButton(_props: { targetId: number; targetType: string; canRun: boolean }) {
  return null;
}
