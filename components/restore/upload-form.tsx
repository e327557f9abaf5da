"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { fieldHints } from "@/lib/ui/field-hints";

/**
 * Upload an artifact: the file is sent as the raw request body (streamed by the browser, never
 * read into memory here); the optional .sha256 file's digest goes in a header.
 */
export function UploadForm({ targets }: { targets: { id: number; label: string }[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Per-field hints from the server (details), shown beside their field in words, never as "targetId: …".
  const [fields, setFields] = useState<Record<string, string>>({});

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    setFields({});
    const form = new FormData(e.currentTarget);
    const file = form.get("artifact");
    const sumFile = form.get("sha256file");
    if (!(file instanceof File) || file.size === 0) return setError("Choose the artifact file");
    let sha = "";
    if (sumFile instanceof File && sumFile.size > 0) {
      const m = /^([0-9a-fA-F]{64})\b/.exec((await sumFile.text()).trim());
      if (!m) return setError("The .sha256 file does not start with a sha256 digest");
      sha = m[1]!.toLowerCase();
    }
    setBusy(true);
    try {
      const res = await fetch(`/api/uploads?targetId=${encodeURIComponent(String(form.get("targetId")))}`, {
        method: "POST",
        body: file,
        headers: { "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(file.name), ...(sha ? { "x-sha256": sha } : {}) },
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        const message: string = body?.error?.message ?? `Upload failed (HTTP ${res.status})`;
        // The beside-the-field hint only when the message does not already say it.
        setFields(fieldHints(message, body?.error?.details));
        return setError(message);
      }
      router.push(`/runs/${body.run.id}/restore`);
    } catch (err) {
      setError(`Upload failed: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  if (targets.length === 0) return <p className="text-sm text-muted-foreground">Create a target first.</p>;
  return (
    <form onSubmit={submit} className="grid max-w-lg gap-3">
      {error ? <Alert variant="destructive">{error}</Alert> : null}
      <Field id="upload-target" label="Target" error={fields.targetId}>
        <NativeSelect id="upload-target" name="targetId" defaultValue={String(targets[0]!.id)} aria-invalid={Boolean(fields.targetId)}>
          {targets.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field id="upload-file" label="Artifact file (.tar.zst, .tar.gz or .tar)" error={fields.file}>
        <Input id="upload-file" name="artifact" type="file" />
      </Field>
      <Field id="upload-sha" label=".sha256 file (optional)" hint="Without it, the checksum is computed from the upload." error={fields.sha256}>
        <Input id="upload-sha" name="sha256file" type="file" />
      </Field>
      <div>
        <Button type="submit" disabled={busy}>
          {busy ? "Uploading…" : "Upload"}
        </Button>
      </div>
    </form>
  );
}
