"use client";

import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteOrphanAction } from "@/app/(console)/storage/actions";

export function DeleteOrphanButton({ id, label }: { id: number; label: string }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      confirmLabel="Yes, delete the file"
      question={`Delete ${label} for good?`}
      description="The backup file and its .sha256 are removed from the storage folder. No target refers to it any more, so nothing else changes."
      onConfirm={async () => {
        const r = await deleteOrphanAction({ id });
        if (r.ok) {
          toast.success("Backup file deleted");
          router.refresh();
        }
        return r;
      }}
    />
  );
}
