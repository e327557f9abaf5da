"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { MoreMenu } from "@/components/ui/more-menu";
import { DeleteDialog } from "@/components/ui/delete-dialog";
import type { DeletionImpact } from "@/lib/services/targets/deletion-impact";
import { deleteAppAction } from "@/app/(console)/apps/actions";

/** The app page's "⋯" menu (admin): Delete, behind the dialog that says what goes with it. */
export function AppActionsMenu({ id, name, targetCount, impact }: { id: number; name: string; targetCount: number; impact: DeletionImpact }) {
  const router = useRouter();
  const [deleting, setDeleting] = useState(false);
  return (
    <>
      <MoreMenu label={`More actions for ${name}`} size="icon" items={[{ kind: "action", label: "Delete app…", onSelect: () => setDeleting(true) }]} />
      <DeleteDialog
        open={deleting}
        onOpenChange={setDeleting}
        noun="app"
        label={name}
        what={targetCount ? `its ${targetCount} target${targetCount === 1 ? "" : "s"}, their schedules and run history` : "nothing else (it has no targets)"}
        impact={impact}
        onDelete={async (deleteArtifacts) => {
          const r = await deleteAppAction({ id, deleteArtifacts });
          if (r.ok) {
            toast.success(`App ${name} deleted${deleteArtifacts ? " with its backup files" : ""}`);
            router.push("/apps");
            router.refresh();
          }
          return r;
        }}
      />
    </>
  );
}
