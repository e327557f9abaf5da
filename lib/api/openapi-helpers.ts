/** Small builders for the OpenAPI document (lib/api/openapi.ts and its path files). */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const jsonBody = (schema: object) => ({ content: { "application/json": { schema } } });
export const obj = (props: Record<string, object>) => ({ type: "object", required: Object.keys(props), additionalProperties: false, properties: props });
export const ok = (description: string, schema: object) => ({ description, ...jsonBody(schema) });
export const err = (description: string) => ({ description, ...jsonBody(ref("Error")) });

export const E = {
  400: err("Bad input: the message and details name the field"),
  401: err("Missing, invalid, revoked or expired token"),
  403: err("The token's role is too low"),
  404: err("Not found (also for apps outside a token's app limit)"),
  409: err("Conflict"),
  413: err("The JSON body is larger than 1 MiB"),
};

export const idParam = (what: string) => ({ name: "id", in: "path", required: true, schema: { type: "integer" }, description: `${what} id` });
