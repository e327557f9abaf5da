import type Database from "better-sqlite3";
import { getDb } from "../db/client";
import { changeVersion } from "../db/change-version";

interface Entry {
  version: string;
  expires: number;
  body: Uint8Array<ArrayBuffer>;
}

/** Distinct (route, scope, query) answers kept; the oldest goes first past it. */
const MAX_ENTRIES = 256;
const caches = new WeakMap<Database.Database, Map<string, Entry>>();
const encoder = new TextEncoder();

/**
 * GET /api/v1/targets and /api/v1/runs under load (bench/api-load.ts): scripts and dashboards poll
 * the same lists, and between two changes of the database the answer is the same bytes. The body
 * is kept, encoded, per key (route + the caller's app scope + the normalised query) and reused while
 * the database's change version (lib/db/change-version.ts) has not moved and `ttlMs` has not passed
 * (the status words also move with the clock: an overdue slot passes without any write). Auth and
 * role checks still run on every request, before this; the key carries the app scope, so a token
 * limited to some apps never gets another scope's answer.
 */
export function cachedJson(key: string, ttlMs: number, compute: () => unknown, now = Date.now()): Response {
  const client = getDb().$client;
  let cache = caches.get(client);
  if (!cache) caches.set(client, (cache = new Map()));
  const version = changeVersion(client);
  let e = cache.get(key);
  if (!e || e.version !== version || now >= e.expires) {
    // Computed after the version was read: a change in between makes the next request recompute.
    e = { version, expires: now + ttlMs, body: encoder.encode(JSON.stringify(compute())) };
    cache.delete(key);
    cache.set(key, e);
    if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return new Response(e.body, { status: 200, headers: { "content-type": "application/json", "cache-control": "no-store" } });
}

/** The app scope part of a key: "*" for every app, else the sorted ids. */
export function scopeKey(appIds: number[] | null): string {
  return appIds === null ? "*" : [...appIds].sort((a, b) => a - b).join(",");
}
