// Keys whose values never reach the audit trail (or any DTO).
const SECRET_KEY = /pass(word)?|secret|token|key|hash|credential|authorization|smtp_?pass/i;
// Passwords inside connection URLs: scheme://user:PASSWORD@host
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)([^@\s]+)(@)/gi;

// Query parameters that carry a secret: libpq's password/sslpassword, ?password= of MySQL and
// Redis clients, and anything named like a secret or token.
const SECRET_PARAM = /^(pass|pwd|passwd)$|password|secret|token/i;
const QUERY_SECRET = /([?&](?:pass|pwd|passwd|[\w.-]*(?:password|secret|token)[\w.-]*)=)(?!\*\*\*(?:[&\s#"'<>]|$))([^&\s#"'<>]+)/gi;

export function isSecretParam(name: string): boolean {
  return SECRET_PARAM.test(name);
}

/** Mask the passwords of connection URLs in free text: `user:***@` and `?password=***`. */
export function maskUrlPassword(s: string): string {
  return s.replace(URL_PASSWORD, "$1***$3").replace(QUERY_SECRET, "$1***");
}

export function redact(value: unknown): unknown {
  if (value == null) return value;
  if (typeof value === "string") return maskUrlPassword(value);
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (k === "secretEnc" || (SECRET_KEY.test(k) && k !== "pingKeySet" && k !== "secretSet")) {
        out[k] = v == null ? v : "[redacted]";
      } else out[k] = redact(v);
    }
    return out;
  }
  return value;
}
