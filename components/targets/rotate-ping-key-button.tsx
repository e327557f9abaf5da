"use client";

import { ActionButton } from "@/components/ui/action-button";
import { rotatePingKeyAction } from "@/lib/actions/rotate-ping-key";

export function RotatePingKeyButton({ targetId, hasKey }: { targetId: number; hasKey: boolean }) {
  return (
    <ActionButton
      label={hasKey ? "Rotate key" : "Create ping key"}
      pendingLabel="Rotating…"
      size="sm"
      variant="outline"
      confirm={hasKey ? "Rotate the ping key? Scripts using the current ping URLs stop reporting until you update them." : undefined}
      run={() => rotatePingKeyAction({ targetId })}
    />
  );
}
