import { pageActor } from "@/lib/auth/page-actor";
import { myTwoFactor } from "@/lib/services/two-factor/status";
import { listMyPasskeys } from "@/lib/services/passkeys/list";
import { roleNeedsSecondFactor } from "@/lib/services/auth/policy";
import { PageHeader } from "@/components/shell/page-header";
import { TwoFactorCard } from "@/components/account/two-factor-card";
import { PasskeysCard } from "@/components/account/passkeys-card";
import { ForgetDevicesButton } from "@/components/account/forget-devices-button";

export const dynamic = "force-dynamic";
export const metadata = { title: "Your account" };

/** Every user's own sign-in security: authenticator app, recovery codes, passkeys, remembered devices. */
export default async function AccountPage() {
  const actor = await pageActor();
  const status = myTwoFactor(actor);
  return (
    <>
      <PageHeader title="Your account" description={`${actor.email} · role ${actor.role}. Two-factor authentication protects your sign-in.`} />
      <div className="grid max-w-2xl gap-4">
        <TwoFactorCard totp={status.totp} recoveryCodesLeft={status.recoveryCodesLeft} required={roleNeedsSecondFactor(actor.role)} />
        <PasskeysCard passkeys={listMyPasskeys(actor)} />
        <ForgetDevicesButton />
      </div>
    </>
  );
}
