import { AuthMessageCard } from "@/components/auth/auth-card";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign-in failed" };

/**
 * Auth.js's error page. A tampered or replayed callback (state, nonce or PKCE that do not match),
 * an unreachable provider or a wrong client secret all end here; details are in the server log.
 */
export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const message =
    error === "AccessDenied"
      ? "Sign-in was refused."
      : "Single sign-on failed: the sign-in expired, was already used, or did not match the one this browser started. Start again from the sign-in page.";
  return <AuthMessageCard title="Sign-in failed" message={message} />;
}
