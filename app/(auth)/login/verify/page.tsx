import { redirect } from "next/navigation";
import { Brand } from "@/components/shell/brand";
import { FLOW_COOKIE, readCookie } from "@/lib/auth/request";
import { pendingSignInView } from "@/lib/services/auth/page-options";
import { SecondFactorForm } from "@/components/auth/second-factor-form";
import { ContinueSignIn, VerifyEnrol } from "@/components/auth/verify-enrol";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cancelSignInAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Second factor" };

/** The second step of signing in (no session exists yet: only this page and its actions work). */
export default async function VerifyPage() {
  const p = pendingSignInView(await readCookie(FLOW_COOKIE));
  if (!p) redirect("/login");
  return (
    <div className="flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <Brand className="text-2xl" />
          </CardTitle>
          <h1 className="text-lg font-semibold">{p.mustEnrol ? "Set up two-factor authentication" : "Two-factor authentication"}</h1>
          <p className="text-sm text-muted-foreground">
            {p.mustEnrol
              ? `Your role requires a second factor. Set one up to finish signing in as ${p.email}.`
              : `Signing in as ${p.email}.`}
          </p>
        </CardHeader>
        <CardContent className="grid gap-4">
          {p.factorPassed ? (
            <ContinueSignIn />
          ) : p.mustEnrol ? (
            <VerifyEnrol rememberDays={p.rememberDeviceDays} />
          ) : (
            <SecondFactorForm totp={p.totp} passkeys={p.passkeys} recoveryCodesLeft={p.recoveryCodesLeft} rememberDays={p.rememberDeviceDays} />
          )}
          <form action={cancelSignInAction}>
            <Button type="submit" variant="ghost" size="sm" className="w-full">
              Cancel and sign in as someone else
            </Button>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
