import { Button } from "@/components/ui/button";
import { signOutAction } from "@/app/(auth)/actions";

/** Who is signed in, with which role, and Sign out (sidebar and phone drawer). */
export function UserBox({ email, role }: { email: string; role: string }) {
  return (
    <div className="grid gap-2 px-3 pb-2 text-xs text-muted-foreground">
      <div className="min-w-0">
        <div className="truncate font-medium text-foreground" data-testid="current-user">
          {email}
        </div>
        <div>role: {role}</div>
      </div>
      <form action={signOutAction}>
        <Button type="submit" variant="outline" size="sm" className="w-full">
          Sign out
        </Button>
      </form>
    </div>
  );
}
