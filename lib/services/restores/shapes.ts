// The shapes the restore pages and forms work with, defined by the engine and passed through the
// restore services as plain data (pages and components never import the engine).
export type { DestinationInput } from "../../engine/restore/destination";
export type { DestinationState } from "../../engine/restore/probe";
export type { Contents, PathPage } from "../../engine/restore/contents";
export type { ArtifactManifest } from "../../engine/archive/read";
