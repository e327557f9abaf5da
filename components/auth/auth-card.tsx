import Link from "next/link";
import { Brand } from "@/components/shell/brand";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

/** A sign-in outcome page: what happened, in words, and the way back. */
export function AuthMessageCard({ title, message }: { title: string; message: string }) {
  return (
    <div className="flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle>
            <Brand className="text-2xl" />
          </CardTitle>
          <h1 className="text-lg font-semibold">{title}</h1>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Alert variant="destructive">{message}</Alert>
          <Link href="/login" className="text-sm underline">
            Back to sign-in
          </Link>
        </CardContent>
      </Card>
    </div>
  );
}
