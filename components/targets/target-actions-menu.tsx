"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { MoreMenu } from "@/components/ui/more-menu";
import { DeleteDialog } from "@/components/ui/delete-dialog";
import type { DeletionImpact } from "@/lib/services/targets/deletion-impact";
import { deleteTargetAction } from "@/app/(console)/targets/actions";

/**
 * The target page's "⋯" menu (admin): Delete, behind the dialog that says what goes, offers to
 * delete the backup files too and names a run or restore that blocks it.
 */
export function TargetActionsMenu({ id, label, impact }: { id: number; label: string; impact: DeletionImpact }) {
  const router = useRouter();
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <MoreMenu label={`More actions for ${label}`} size="icon" items={[{ kind: "action", label: "Delete target…", onSelect: () => setDeleting(true) }]} />
      <DeleteDialog
        open={deleting}
        onOpenChange={setDeleting}
        noun="target"
        label={label}
        what="its schedules and run history"
        impact={impact}
        onDelete={async (deleteArtifacts) => {
          const r = await deleteTargetAction({ id, deleteArtifacts });
          if (r.ok) {
            toast.success(`Target ${label} deleted${deleteArtifacts ? " with its backup files" : ""}`);
            router.push("/targets");
            router.refresh();
          }
          return r;
        }}
      />
    </>
  );
}
