import Link from "next/link";
import { pageActor } from "@/lib/auth/page-actor";
import { listUsers } from "@/lib/services/users/list";
import { listTwoFactor } from "@/lib/services/two-factor/status";
import { getSignInPolicy } from "@/lib/services/auth/policy";
import { TwoFactorCell } from "@/components/users/two-factor-cell";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/status/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { UserRowActions } from "@/components/users/user-row-actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await pageActor();
  // The nav hides this page from non-admins; listUsers refuses them too.
  if (actor.role !== "admin") return <Forbidden title="Users" />;
  const users = listUsers(actor);
  const factors = listTwoFactor(actor);
  const required = getSignInPolicy().twoFactorRoles;
  return (
    <>
      <PageHeader
        title="Users"
        description="Team accounts and their roles: viewers see, operators also back up and restore, admins manage everything."
        actions={
          <Button asChild>
            <Link href="/users/new">Add user</Link>
          </Button>
        }
      />
      <Table>
        <caption className="sr-only">Users</caption>
        <TableHeader>
          <TableRow>
            <TableHead>Email</TableHead>
            <TableHead className="hidden md:table-cell">Name</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="hidden sm:table-cell">Two-factor</TableHead>
            <TableHead className="hidden lg:table-cell">Last sign-in</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((u) => (
            <TableRow key={u.id} data-testid={`user-row-${u.email}`}>
              <TableCell className="break-all font-medium">{u.email}</TableCell>
              <TableCell className="hidden md:table-cell">{u.name}</TableCell>
              <TableCell>{u.role}</TableCell>
              <TableCell>
                <span className="flex flex-wrap gap-1">
                  {u.disabled ? <Badge variant="muted">disabled</Badge> : <Badge variant="success">active</Badge>}
                  {factors.get(u.id)?.sso ? <Badge variant="info">SSO</Badge> : null}
                  {u.breakGlass ? <Badge variant="warning">break-glass</Badge> : null}
                </span>
              </TableCell>
              <TableCell className="hidden sm:table-cell">
                <TwoFactorCell userId={u.id} email={u.email} status={factors.get(u.id) ?? null} required={required.includes(u.role)} />
              </TableCell>
              <TableCell className="hidden lg:table-cell">
                <RelativeTime iso={u.lastSignInAt} empty="never" />
              </TableCell>
              <TableCell>
                <UserRowActions user={u} isSelf={u.id === actor.id} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
