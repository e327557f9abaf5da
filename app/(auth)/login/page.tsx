import { Brand } from "@/components/shell/brand";
import { redirect } from "next/navigation";
import { countUsers } from "@/lib/services/users/create";
import { currentActor } from "@/lib/auth/session";
import { SignInForm } from "@/components/shell/auth-forms";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  if (countUsers() === 0) redirect("/setup");
  if (await currentActor()) redirect("/");
  const { next } = await searchParams;
  return (
    <div className="flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <Brand className="text-2xl" />
          </CardTitle>
          <h1 className="text-lg font-semibold">Sign in</h1>
        </CardHeader>
        <CardContent>
          <SignInForm next={next} />
        </CardContent>
      </Card>
    </div>
  );
}
