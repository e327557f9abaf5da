import { Brand } from "@/components/shell/brand";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { countUsers } from "@/lib/services/users/create";
import { Nav, type NavItem } from "@/components/shell/nav";
import { Button } from "@/components/ui/button";
import { signOutAction } from "@/app/(auth)/actions";

export const dynamic = "force-dynamic";

const ITEMS: (NavItem & { admin?: boolean })[] = [
  { href: "/", label: "Dashboard" },
  { href: "/apps", label: "Apps" },
  { href: "/targets", label: "Targets" },
  { href: "/schedules", label: "Schedules" },
  { href: "/runs", label: "Runs" },
  { href: "/restores", label: "Restores" },
  { href: "/storage", label: "Storage" },
  { href: "/users", label: "Users", admin: true },
  { href: "/audit", label: "Audit", admin: true },
  { href: "/settings", label: "Settings", admin: true },
  { href: "/account", label: "Your account" },
];

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  if (countUsers() === 0) redirect("/setup");
  const actor = await currentActor();
  if (!actor) redirect("/login");
  const items = ITEMS.filter((i) => !i.admin || actor.role === "admin");
  return (
    <div className="flex min-h-screen">
      <aside className="flex w-52 shrink-0 flex-col gap-4 border-r border-slate-200 bg-slate-100 p-3">
        <div className="px-3 pt-2 text-lg">
          <Brand />
        </div>
        <Nav items={items} />
        <div className="mt-auto grid gap-2 px-3 pb-2 text-xs text-slate-600">
          <div>
            <div className="truncate font-medium text-slate-800" data-testid="current-user">{actor.email}</div>
            <div>role: {actor.role}</div>
          </div>
          <form action={signOutAction}>
            <Button type="submit" variant="outline" size="sm" className="w-full">
              Sign out
            </Button>
          </form>
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-6">{children}</main>
    </div>
  );
}
