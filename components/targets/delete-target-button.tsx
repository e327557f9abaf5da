"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteTargetAction } from "@/app/(console)/targets/actions";

export function DeleteTargetButton({ id, label }: { id: number; label: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      size="default"
      confirmLabel="Yes, delete target"
      question={`Delete ${label} with its schedules and run history? Backup files on disk are kept.`}
      onConfirm={async () => {
        const r = await deleteTargetAction({ id });
        if (r.ok) {
          router.push("/targets");
          router.refresh();
        }
        return r;
      }}
    />
  );
}
