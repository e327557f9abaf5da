import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/session";
import { listTokens } from "@/lib/services/tokens/list";
import { listApps } from "@/lib/services/apps/list";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { RelativeTime } from "@/components/status/relative-time";
import { TokenForm } from "./token-form";
import { RevokeButton } from "./revoke-button";

export const dynamic = "force-dynamic";
export const metadata = { title: "API tokens" };

const STATE_VARIANT = { active: "success", expired: "warning", revoked: "muted" } as const;

export default async function TokensPage() {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  if (actor.role !== "admin") {
    return (
      <>
        <PageHeader title="API tokens" />
        <Alert variant="warning">Only admins can manage API tokens.</Alert>
      </>
    );
  }
  const tokens = listTokens(actor);
  const apps = listApps(actor).map((a) => ({ id: a.id, name: a.name }));
  const appName = new Map(apps.map((a) => [a.id, a.name]));
  return (
    <>
      <PageHeader
        title="API tokens"
        description={
          <>
            For scripts and the HTTP API (<code>Authorization: Bearer &lt;token&gt;</code>). See{" "}
            <a className="underline" href="/api/v1/openapi.json">
              the API description (OpenAPI)
            </a>
            .
          </>
        }
      />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle>New token</CardTitle>
          </CardHeader>
          <CardContent>
            <TokenForm apps={apps} />
          </CardContent>
        </Card>
        <section aria-labelledby="tokens-heading" className="grid gap-2">
          <h2 id="tokens-heading" className="text-base font-semibold">
            Tokens
          </h2>
          {tokens.length === 0 ? (
            <p className="text-sm text-muted-foreground">No tokens yet.</p>
          ) : (
            <Table aria-label="API tokens">
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead className="hidden md:table-cell">Token</TableHead>
                  <TableHead>Role</TableHead>
                  <TableHead className="hidden lg:table-cell">Apps</TableHead>
                  <TableHead>State</TableHead>
                  <TableHead className="hidden md:table-cell">Last used</TableHead>
                  <TableHead className="hidden lg:table-cell">Expires</TableHead>
                  <TableHead className="hidden lg:table-cell">Created</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {tokens.map((t) => (
                  <TableRow key={t.id}>
                    <TableCell className="font-medium">{t.name}</TableCell>
                    <TableCell className="hidden md:table-cell">
                      <code className="text-xs">{t.prefix}…</code>
                    </TableCell>
                    <TableCell>{t.role}</TableCell>
                    <TableCell className="hidden lg:table-cell">{t.appIds ? t.appIds.map((id) => appName.get(id) ?? `#${id}`).join(", ") : "all"}</TableCell>
                    <TableCell>
                      <Badge variant={STATE_VARIANT[t.state]} data-status={t.state}>
                        {t.state}
                      </Badge>
                    </TableCell>
                    <TableCell className="hidden md:table-cell">
                      <RelativeTime iso={t.lastUsedAt} empty="never" />
                    </TableCell>
                    <TableCell className="hidden lg:table-cell">
                      <RelativeTime iso={t.expiresAt} empty="never" />
                    </TableCell>
                    <TableCell className="hidden lg:table-cell">
                      <RelativeTime iso={t.createdAt} />
                    </TableCell>
                    <TableCell>{t.state === "revoked" ? null : <RevokeButton id={t.id} name={t.name} />}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </section>
      </div>
    </>
  );
}
