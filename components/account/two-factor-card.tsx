"use client";

import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EnrolTotp } from "@/components/auth/enrol-totp";
import { CodeAction } from "./code-action";
import { confirmTotpAction, disableTotpAction, regenerateRecoveryCodesAction, startTotpAction } from "@/app/(console)/account/actions";

/** Authenticator app (TOTP) and recovery codes of the signed-in user. */
export function TwoFactorCard({ totp, recoveryCodesLeft, required }: { totp: boolean; recoveryCodesLeft: number; required: boolean }) {
  const router = useRouter();
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex items-center gap-2 text-base">
          Authenticator app
          {totp ? <Badge variant="success">on</Badge> : <Badge variant="muted">off</Badge>}
          {required ? <Badge variant="warning">required for your role</Badge> : null}
        </CardTitle>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {totp ? (
          <>
            <p>
              Sign-ins with a password ask for a code from your app. Recovery codes left: <strong data-testid="recovery-codes-left">{recoveryCodesLeft}</strong>
            </p>
            <div className="flex flex-wrap gap-2">
              <CodeAction label="New recovery codes" codeLabel="Current code for new recovery codes" run={regenerateRecoveryCodesAction} />
              <CodeAction label="Remove the app" codeLabel="Current code or a recovery code" run={disableTotpAction} />
            </div>
          </>
        ) : (
          <EnrolTotp start={() => startTotpAction({})} confirm={(i) => confirmTotpAction(i)} onDone={() => router.refresh()} />
        )}
      </CardContent>
    </Card>
  );
}
