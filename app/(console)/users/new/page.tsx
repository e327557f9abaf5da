import { pageActor } from "@/lib/auth/page-actor";
import { PageHeader } from "@/components/shell/page-header";
import { Forbidden } from "@/components/shell/forbidden";
import { UserForm } from "@/components/forms/user/form";

export const dynamic = "force-dynamic";
export const metadata = { title: "Add user" };

export default async function NewUserPage() {
  const actor = await pageActor();
  if (actor.role !== "admin") return <Forbidden title="Add user" />;
  return (
    <>
      <PageHeader title="Add user" description="They sign in with this email and password." />
      <UserForm />
    </>
  );
}
