/** The form's fields per storage kind (the settings of lib/engine/storage/<kind>/settings.ts). */
export interface KindField {
  name: string;
  label: string;
  kind?: "text" | "password" | "textarea" | "checkbox" | "number";
  hint?: string;
  placeholder?: string;
  secret?: boolean;
}

export const KIND_LABELS: Record<string, string> = { local: "Local folder (or a mounted NAS)", s3: "S3-compatible bucket", sftp: "SFTP server" };

export const KIND_FIELDS: Record<string, KindField[]> = {
  local: [{ name: "path", label: "Folder", placeholder: "/srv/backups", hint: "An absolute path on this server; a mounted NAS share works too." }],
  s3: [
    { name: "endpoint", label: "Endpoint URL", placeholder: "https://s3.eu-central-1.amazonaws.com", hint: "AWS, MinIO, Backblaze B2, Cloudflare R2, Wasabi…" },
    { name: "region", label: "Region", placeholder: "us-east-1" },
    { name: "bucket", label: "Bucket" },
    { name: "prefix", label: "Prefix (optional)", placeholder: "lifeboat/" },
    { name: "accessKeyId", label: "Access key ID" },
    { name: "secretAccessKey", label: "Secret access key", kind: "password", secret: true },
    { name: "forcePathStyle", label: "Path-style URLs (MinIO and most self-hosted servers)", kind: "checkbox" },
  ],
  sftp: [
    { name: "host", label: "Host" },
    { name: "port", label: "Port", kind: "number", placeholder: "22" },
    { name: "username", label: "User name" },
    { name: "password", label: "Password", kind: "password", secret: true, hint: "A password or a private key." },
    { name: "privateKey", label: "Private key", kind: "textarea", secret: true, placeholder: "-----BEGIN OPENSSH PRIVATE KEY-----" },
    { name: "hostKeyFingerprint", label: "Host key fingerprint", placeholder: "SHA256:…", hint: "Leave empty: Lifeboat reads it from the server and asks you to confirm it." },
    { name: "path", label: "Folder on the server", placeholder: "/backups" },
  ],
};

/**
 * Form values → the API's settings: empty fields are left out (a stored secret is then kept; an
 * optional field takes its default), except the prefix, where empty means "none".
 */
export function settingsOf(kind: string, values: Record<string, string | boolean>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of KIND_FIELDS[kind] ?? []) {
    const v = values[f.name];
    if (f.kind === "checkbox") out[f.name] = Boolean(v);
    else if (typeof v === "string" && (v.trim() !== "" || f.name === "prefix")) out[f.name] = f.kind === "number" ? Number(v) : v;
  }
  return out;
}
