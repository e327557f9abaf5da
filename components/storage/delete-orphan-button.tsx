"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { MoreMenu } from "@/components/ui/more-menu";
import { deleteOrphanAction } from "@/app/(console)/storage/actions";

const FILE = {
  label: "Delete file…",
  description: "The backup file and its .sha256 are removed from the storage folder. No target refers to it any more, so nothing else changes.",
  action: "Yes, delete the file",
  done: "Backup file deleted",
};
// A deleted restic target's snapshot: forgotten in its repository (the data goes with the weekly prune).
const SNAPSHOT = {
  label: "Forget snapshot…",
  description: "restic forget removes the snapshot from its repository; the weekly prune frees the data no other snapshot uses. No target refers to it any more, so nothing else changes.",
  action: "Yes, forget the snapshot",
  done: "Snapshot being forgotten",
};

/** A kept file's (or restic snapshot's) row menu: deleting it is the destructive action, so it sits in "⋯" behind a dialog. */
export function DeleteOrphanButton({ id, label, snapshot = false }: { id: number; label: string; snapshot?: boolean }) {
  const router = useRouter();
  const t = snapshot ? SNAPSHOT : FILE;
  return (
    <MoreMenu
      label={`More actions for ${label}`}
      items={[
        {
          kind: "confirm",
          label: t.label,
          confirm: {
            title: `${snapshot ? "Forget" : "Delete"} ${label} for good?`,
            description: t.description,
            action: t.action,
          },
          run: async () => {
            const r = await deleteOrphanAction({ id });
            if (r.ok) {
              toast.success(t.done);
              router.refresh();
            }
            return r;
          },
        },
      ]}
    />
  );
}
