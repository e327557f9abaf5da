"use client";

import { useRouter } from "next/navigation";
import type { DeletionImpact } from "@/lib/services/targets/deletion-impact";
import { DeleteDialog } from "@/components/ui/delete-dialog";
import { deleteAppAction } from "@/app/(console)/apps/actions";

export function DeleteAppButton({ id, name, targetCount, impact }: { id: number; name: string; targetCount: number; impact: DeletionImpact }) {
  const router = useRouter();
  return (
    <DeleteDialog
      noun="app"
      label={name}
      what={targetCount ? `its ${targetCount} target${targetCount === 1 ? "" : "s"}, their schedules and run history` : "nothing else (it has no targets)"}
      impact={impact}
      onDelete={async (deleteArtifacts) => {
        const r = await deleteAppAction({ id, deleteArtifacts });
        if (r.ok) {
          router.push("/apps");
          router.refresh();
        }
        return r;
      }}
    />
  );
}
