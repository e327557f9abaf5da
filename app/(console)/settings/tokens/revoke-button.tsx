"use client";

import { ActionButton } from "@/components/ui/action-button";
import { revokeTokenAction } from "./actions";

export function RevokeButton({ id, name }: { id: number; name: string }) {
  return (
    <ActionButton
      label="Revoke"
      pendingLabel="Revoking…"
      size="sm"
      variant="outline"
      ariaLabel={`Revoke token ${name}`}
      confirm={{
        title: `Revoke the token “${name}”?`,
        description: "Scripts and tools using it are refused from the next request on. This cannot be undone: make a new token to replace it.",
        action: "Revoke token",
      }}
      success={() => `Token “${name}” revoked`}
      run={() => revokeTokenAction(id)}
    />
  );
}
