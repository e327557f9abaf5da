// Import this module BEFORE anything that loads next/headers: Next creates its request-scope
// stores at load time from globalThis.AsyncLocalStorage (its own server sets that up).
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";

(globalThis as { AsyncLocalStorage?: unknown }).AsyncLocalStorage ??= AsyncLocalStorage;

const require = createRequire(import.meta.url);
const { workAsyncStorage } = require("next/dist/server/app-render/work-async-storage.external.js");
const { workUnitAsyncStorage } = require("next/dist/server/app-render/work-unit-async-storage.external.js");

export function withRequestScope<T>(headers: HeadersInit, fn: () => Promise<T>): Promise<T> {
  // incrementalCache + pendingRevalidatedTags: what revalidatePath() records into after an action.
  const workStore = { route: "/test", forceStatic: false, dynamicShouldError: false, isStaticGeneration: false, incrementalCache: {}, pendingRevalidatedTags: [] };
  const unit = { type: "request", phase: "action", headers: new Headers(headers), url: { pathname: "/", search: "" } };
  return workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(unit, fn));
}
