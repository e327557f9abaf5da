"use client";

import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { resetTwoFactorAction } from "@/app/(console)/users/actions";
import type { TwoFactorStatus } from "@/lib/services/two-factor/status";

/** Who has a second factor (app, passkeys), whether their role requires one, and the admin's reset. */
export function TwoFactorCell({ userId, email, status, required }: { userId: number; email: string; status: TwoFactorStatus | null; required: boolean }) {
  const router = useRouter();
  const parts = [status?.totp ? "app" : null, status?.passkeys ? `${status.passkeys} passkey${status.passkeys === 1 ? "" : "s"}` : null].filter(Boolean);
  const on = parts.length > 0;
  return (
    <div className="flex flex-wrap items-center gap-1" data-testid={`two-factor-${email}`}>
      {on ? <Badge variant="success">on: {parts.join(", ")}</Badge> : <Badge variant={required ? "danger" : "muted"}>off</Badge>}
      {required ? <Badge variant="warning">required</Badge> : null}
      {on ? (
        <ConfirmButton
          label="Reset 2FA"
          confirmLabel="Yes, reset"
          question={`Remove ${email}'s authenticator app, recovery codes and passkeys?`}
          onConfirm={async () => {
            const r = await resetTwoFactorAction({ id: userId });
            if (r.ok) router.refresh();
            return r;
          }}
        />
      ) : null}
    </div>
  );
}
