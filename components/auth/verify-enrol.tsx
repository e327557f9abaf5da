"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { EnrolTotp } from "./enrol-totp";
import { confirmEnrolmentAction, continueSignInAction, startEnrolmentAction } from "@/app/(auth)/login/verify/actions";

/** The factor was passed in an earlier visit of this page (e.g. reloaded under the recovery codes). */
export function ContinueSignIn() {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="grid gap-3">
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <Button
        type="button"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await continueSignInAction(false);
            if (r.ok) window.location.assign(r.data.next);
            else setError(r.error);
          })
        }
      >
        Continue to the console
      </Button>
    </div>
  );
}

/** Enrolment as part of signing in (the role requires a second factor); the session starts after the codes were shown. */
export function VerifyEnrol({ rememberDays }: { rememberDays: number }) {
  const [error, setError] = useState<string | null>(null);
  const [, start] = useTransition();
  return (
    <div className="grid gap-3">
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <EnrolTotp
        start={startEnrolmentAction}
        confirm={confirmEnrolmentAction}
        rememberDays={rememberDays}
        onDone={(next, remember) =>
          start(async () => {
            const r = await continueSignInAction(remember);
            if (r.ok) window.location.assign(r.data.next ?? next ?? "/");
            else setError(r.error);
          })
        }
      />
    </div>
  );
}
