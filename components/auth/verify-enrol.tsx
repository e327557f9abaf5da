"use client";

import { EnrolTotp } from "./enrol-totp";
import { confirmEnrolmentAction, startEnrolmentAction } from "@/app/(auth)/login/verify/actions";

/** Enrolment as part of signing in (the role requires a second factor). */
export function VerifyEnrol({ rememberDays }: { rememberDays: number }) {
  return (
    <EnrolTotp
      start={startEnrolmentAction}
      confirm={confirmEnrolmentAction}
      rememberDays={rememberDays}
      onDone={(next) => window.location.assign(next ?? "/")}
    />
  );
}
