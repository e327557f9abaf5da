import type { Actor } from "../../auth/actor";
import { appTargetChoices, type AppTargetChoices } from "../targets/choices";

export type RunFilterOptions = AppTargetChoices;

/** The apps and targets the runs-table filters offer (only those the actor may see). */
export function runFilterOptions(actor: Actor): RunFilterOptions {
  return appTargetChoices(actor);
}
