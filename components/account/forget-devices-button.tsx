"use client";

import { ConfirmButton } from "@/components/ui/confirm-button";
import { forgetDevicesAction } from "@/app/(console)/account/actions";

/** Every remembered browser asks for the second factor again. */
export function ForgetDevicesButton() {
  return (
    <div>
      <ConfirmButton
        label="Forget remembered devices"
        confirmLabel="Yes, forget them"
        question="Every device you ticked “remember this device” on will ask for the code again."
        onConfirm={() => forgetDevicesAction({})}
      />
    </div>
  );
}
