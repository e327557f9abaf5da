"use client";

import { useRouter } from "next/navigation";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { deleteAppAction } from "@/app/(console)/apps/actions";

export function DeleteAppButton({ id, name, targetCount }: { id: number; name: string; targetCount: number }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      size="default"
      confirmLabel="Yes, delete app"
      question={`Delete ${name}${targetCount ? ` and its ${targetCount} target${targetCount === 1 ? "" : "s"}` : ""}? Backup files on disk are kept.`}
      onConfirm={async () => {
        const r = await deleteAppAction({ id });
        if (r.ok) {
          router.push("/apps");
          router.refresh();
        }
        return r;
      }}
    />
  );
}
