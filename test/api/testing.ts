// Helpers for the API contract tests: call route handlers directly with real Request objects.
import { openApiDocument } from "../../lib/api/openapi";
import { checkSchema, type Schema } from "./json-schema-check";

type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string | Uint8Array;
  params?: Record<string, string>;
  headers?: Record<string, string>;
}

export async function call(handler: unknown, method: string, path: string, opts: CallOptions = {}): Promise<Response> {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(opts.body);
  } else if (opts.rawBody !== undefined) body = opts.rawBody as BodyInit;
  const request = new Request(`http://lifeboat.test${path}`, { method, headers, body });
  return (handler as Handler)(request, { params: Promise.resolve(opts.params ?? {}) });
}

const doc = openApiDocument() as unknown as Schema & { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>> };

/** Problems of a JSON response against the documented schema for (path template, method, status). */
export function contractProblems(pathTemplate: string, method: string, status: number, json: unknown): string[] {
  const op = doc.paths[pathTemplate]?.[method.toLowerCase()];
  if (!op) return [`${method} ${pathTemplate} is not documented`];
  const res = op.responses[String(status)];
  if (!res) return [`${method} ${pathTemplate} does not document status ${status}`];
  const schema = res.content?.["application/json"]?.schema;
  if (!schema) return [`${method} ${pathTemplate} ${status} has no JSON schema`];
  return checkSchema(doc, schema, json);
}

/** Read a JSON response and assert it matches the document; returns the body. */
export async function documented<T = Record<string, unknown>>(res: Response, pathTemplate: string, method: string): Promise<T> {
  const json = (await res.json()) as T;
  const problems = contractProblems(pathTemplate, method, res.status, json);
  if (problems.length) throw new Error(`${method} ${pathTemplate} → ${res.status} does not match the OpenAPI document:\n${problems.join("\n")}\n${JSON.stringify(json)}`);
  return json;
}
