import type { Server, ServerTool } from "../../db/schema";
import { iso } from "../iso";

/** A server as the UI and the API see it: the key or password is never included. */
export interface ServerDto {
  /** null: Local, the built-in server (this machine). */
  id: number | null;
  builtIn: boolean;
  name: string;
  host: string;
  port: number | null;
  username: string | null;
  auth: "key" | "password" | null;
  secretSet: boolean;
  hostKeyFingerprint: string | null;
  /** The key shown at the last connect when it is not the pinned one: confirm it (or investigate). */
  seenHostKey: string | null;
  maxParallel: number | null;
  reachable: boolean | null;
  lastContactAt: string | null;
  unreachableSince: string | null;
  lastError: string | null;
  tools: ServerTool[];
  freeBytes: number | null;
  checkedAt: string | null;
  targetCount: number;
  createdAt: string | null;
  updatedAt: string | null;
}

export function toServerDto(s: Server, targetCount = 0): ServerDto {
  return {
    id: s.id,
    builtIn: false,
    name: s.name,
    host: s.host,
    port: s.port,
    username: s.username,
    auth: s.auth,
    secretSet: Boolean(s.secretEnc),
    hostKeyFingerprint: s.hostKeyFingerprint,
    seenHostKey: s.seenHostKey,
    maxParallel: s.maxParallel,
    reachable: s.reachable,
    lastContactAt: iso(s.lastContactAt),
    unreachableSince: iso(s.unreachableSince),
    lastError: s.lastError,
    tools: s.tools ?? [],
    freeBytes: s.freeBytes,
    checkedAt: iso(s.checkedAt),
    targetCount,
    createdAt: s.createdAt.toISOString(),
    updatedAt: iso(s.updatedAt),
  };
}

/** Local: this machine, always there (its tools are looked at when listed). */
export function localServerDto(facts: { tools: ServerTool[]; freeBytes: number | null; at: Date | null }, targetCount: number): ServerDto {
  return {
    id: null,
    builtIn: true,
    name: "Local",
    host: "localhost",
    port: null,
    username: null,
    auth: null,
    secretSet: false,
    hostKeyFingerprint: null,
    seenHostKey: null,
    maxParallel: null,
    reachable: true,
    lastContactAt: facts.at?.toISOString() ?? null,
    unreachableSince: null,
    lastError: null,
    tools: facts.tools,
    freeBytes: facts.freeBytes,
    checkedAt: facts.at?.toISOString() ?? null,
    targetCount,
    createdAt: null,
    updatedAt: null,
  };
}
