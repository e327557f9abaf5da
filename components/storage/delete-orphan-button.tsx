"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteOrphanAction } from "@/app/(console)/storage/actions";

export function DeleteOrphanButton({ id, label }: { id: number; label: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      confirmLabel="Yes, delete the file"
      question={`Delete ${label} for good?`}
      onConfirm={async () => {
        const r = await deleteOrphanAction({ id });
        if (r.ok) router.refresh();
        return r;
      }}
    />
  );
}
