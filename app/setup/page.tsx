import { Brand } from "@/components/shell/brand";
import { redirect } from "next/navigation";
import { countUsers } from "@/lib/services/users/create";
import { SetupForm } from "@/components/shell/auth-forms";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

export const dynamic = "force-dynamic";
export const metadata = { title: "Set up" };

export default function SetupPage() {
  if (countUsers() > 0) redirect("/login");
  return (
    <div className="flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle>
            <Brand className="text-2xl" />
          </CardTitle>
          <h1 className="text-lg font-semibold">Welcome: create the first admin</h1>
          <p className="text-sm text-muted-foreground">No account exists yet. This one can add the rest of the team.</p>
        </CardHeader>
        <CardContent>
          <SetupForm />
        </CardContent>
      </Card>
    </div>
  );
}
