"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { MoreMenu } from "@/components/ui/more-menu";
import { deleteOrphanAction } from "@/app/(console)/storage/actions";

/** A kept file's row menu: deleting it is the destructive action, so it sits in "⋯" behind a dialog. */
export function DeleteOrphanButton({ id, label }: { id: number; label: string }) {
  const router = useRouter();
  return (
    <MoreMenu
      label={`More actions for ${label}`}
      items={[
        {
          kind: "confirm",
          label: "Delete file…",
          confirm: {
            title: `Delete ${label} for good?`,
            description: "The backup file and its .sha256 are removed from the storage folder. No target refers to it any more, so nothing else changes.",
            action: "Yes, delete the file",
          },
          run: async () => {
            const r = await deleteOrphanAction({ id });
            if (r.ok) {
              toast.success("Backup file deleted");
              router.refresh();
            }
            return r;
          },
        },
      ]}
    />
  );
}
