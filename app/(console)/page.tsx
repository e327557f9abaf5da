import { PageHeader } from "@/components/shell/page-header";

export const dynamic = "force-dynamic";

// The dashboard proper comes with the dashboard issue; this is the landing page until then.
export default function DashboardPage() {
  return <PageHeader title="Dashboard" description="Health of every app and target." />;
}
