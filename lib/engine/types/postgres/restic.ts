import type { ResticSourceOf } from "../../restic/source-spec";
import { pgEnv } from "./backup";

/** Plain-text pg_dump to stdout (-Fp: consecutive dumps share most chunks; -Fc compresses them away). */
export const postgresRestic: ResticSourceOf = (s) => ({
  kind: "dump",
  command: { cmd: "pg_dump", args: ["-Fp", "-w", "--no-password"], env: pgEnv(String(s.url)), filename: "database.sql" },
});
