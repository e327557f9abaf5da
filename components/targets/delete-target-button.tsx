"use client";

import { useRouter } from "next/navigation";
import type { DeletionImpact } from "@/lib/services/targets/deletion-impact";
import { DeleteDialog } from "@/components/ui/delete-dialog";
import { deleteTargetAction } from "@/app/(console)/targets/actions";

export function DeleteTargetButton({ id, label, impact }: { id: number; label: string; impact: DeletionImpact }) {
  const router = useRouter();
  return (
    <DeleteDialog
      noun="target"
      label={label}
      what="its schedules and run history"
      impact={impact}
      onDelete={async (deleteArtifacts) => {
        const r = await deleteTargetAction({ id, deleteArtifacts });
        if (r.ok) {
          router.push("/targets");
          router.refresh();
        }
        return r;
      }}
    />
  );
}
