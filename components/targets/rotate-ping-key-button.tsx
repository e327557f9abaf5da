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
      confirm={
        hasKey
          ? {
              title: "Rotate the ping key?",
              description: "The current ping URLs stop working at once: scripts using them cannot report until you paste the new URLs into them.",
              action: "Rotate key",
            }
          : undefined
      }
      success={() => (hasKey ? "Ping key rotated" : "Ping key created")}
      run={() => rotatePingKeyAction({ targetId })}
    />
  );
}
