import Link from "next/link";
import { redirect } from "next/navigation";
import { Brand } from "@/components/shell/brand";
import { countUsers } from "@/lib/services/users/create";
import { sessionState } from "@/lib/auth/session";
import { safeNextPath } from "@/lib/auth/safe-next";
import { signInPageOptions } from "@/lib/services/auth/page-options";
import { SignInForm } from "@/components/shell/auth-forms";
import { PasskeySignIn } from "@/components/auth/login-options";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ssoSignInAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

// Auth.js sends its own error codes back here (?error=…): say what happened in words.
const ERRORS: Record<string, string> = {
  OAuthCallbackError: "The sign-in provider refused or the sign-in was cancelled. Try again.",
  AccessDenied: "Sign-in was refused.",
  Configuration: "Single sign-on failed (an expired or replayed sign-in, or a provider problem). Start again.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string; local?: string }> }) {
  if (countUsers() === 0) redirect("/setup");
  const state = await sessionState();
  if (state.kind === "active") redirect("/");
  const { next: rawNext, error, local } = await searchParams;
  const next = safeNextPath(rawNext);
  const opts = signInPageOptions();
  const showPassword = opts.passwordSignIn || local === "1";
  return (
    <div className="flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <Brand className="text-2xl" />
          </CardTitle>
          <h1 className="text-lg font-semibold">Sign in</h1>
        </CardHeader>
        <CardContent className="grid gap-4">
          {state.kind === "second_factor_required" ? (
            <Alert variant="warning">Your role now requires two-factor authentication: sign in again to set it up.</Alert>
          ) : null}
          {error ? <Alert variant="destructive">{ERRORS[error] ?? "Sign-in failed. Start again."}</Alert> : null}
          {opts.ssoName ? (
            <form action={ssoSignInAction}>
              <input type="hidden" name="next" value={next} />
              <Button type="submit" className="w-full">
                Sign in with {opts.ssoName}
              </Button>
            </form>
          ) : null}
          <PasskeySignIn next={next} />
          {showPassword ? (
            <>
              {opts.ssoName || !opts.passwordSignIn ? <div className="text-center text-xs text-muted-foreground">or with your password</div> : null}
              {!opts.passwordSignIn ? <Alert>Password sign-in is turned off: only break-glass admins can use it.</Alert> : null}
              <SignInForm next={next} />
            </>
          ) : (
            <p className="text-center text-xs text-muted-foreground">
              Password sign-in is turned off.{" "}
              <Link className="underline" href={`/login?local=1&next=${encodeURIComponent(next)}`}>
                Emergency sign-in (break-glass admin)
              </Link>
            </p>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
