import { pageActor } from "@/lib/auth/page-actor";
import { breakGlassAdmins, getSignInPolicy } from "@/lib/services/auth/policy";
import { getSsoSettingsView } from "@/lib/services/sso/settings";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { Alert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { SignInPolicyForm } from "@/components/settings/sign-in-policy-form";
import { SsoForm } from "@/components/settings/sso-form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign-in settings" };

export default async function SignInSettingsPage() {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="Sign-in settings" />;
  const policy = getSignInPolicy();
  const sso = getSsoSettingsView(actor);
  return (
    <>
      <PageHeader title="Sign-in" description="Two-factor authentication, password sign-in, and single sign-on (OpenID Connect)." />
      <div className="grid gap-8">
        <SignInPolicyForm values={{ ...policy, breakGlassAdmins: breakGlassAdmins() }} />
        <section className="grid gap-3">
          <h2 className="text-lg font-semibold">Single sign-on (OpenID Connect)</h2>
          {sso.callbackUrl ? (
            <p className="text-sm">
              Register this redirect URI at your provider: <code className="select-all break-all" data-testid="sso-callback-url">{sso.callbackUrl}</code>
              <CopyButton text={sso.callbackUrl} label="Copy the redirect URI" className="h-6 w-6 align-middle" />
            </p>
          ) : (
            <Alert variant="warning">Set LIFEBOAT_PUBLIC_URL (the console&apos;s address as users reach it) to use single sign-on: the redirect URI is built from it.</Alert>
          )}
          <SsoForm values={sso} />
        </section>
      </div>
    </>
  );
}
