import { AuthMessageCard } from "@/components/auth/auth-card";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign-in refused" };

const REASONS: Record<string, string> = {
  no_role: "Your account at the sign-in provider is not in any group that has access to Lifeboat. Ask an admin to add you to one of its groups.",
  domain: "Your email address is not in a domain allowed to sign in here (or the provider did not verify it).",
  unverified_email:
    "A Lifeboat account with your email address already exists, but the sign-in provider did not confirm that the address is yours, so the two are not linked. Ask an admin.",
  no_email: "The sign-in provider did not send an email address. Ask an admin to allow the email scope.",
  no_subject: "The sign-in provider's answer had no user id.",
  disabled: "Your Lifeboat account is disabled.",
  off: "Single sign-on is turned off.",
};

/** Single sign-on refused this person (they are not signed in): why, in words. */
export default async function RefusedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  return <AuthMessageCard title="Access refused" message={REASONS[reason ?? ""] ?? "Sign-in was refused."} />;
}
