import { PageHeader } from "./page-header";
import { Alert } from "@/components/ui/alert";

/** What a signed-in user sees on a page their role does not open (the actions refuse too). */
export function Forbidden({ title, need = "admin" }: { title: string; need?: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Alert variant="warning">This page is for {need}s only. Ask an admin if you need access.</Alert>
    </>
  );
}
