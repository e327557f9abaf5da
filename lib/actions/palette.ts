"use server";

import { z } from "zod";
import { runAction } from "./safe-action";
import { findRun, paletteData } from "../services/search/palette";

/** Apps and targets for the command palette (read permission; a token scope applies as everywhere). */
export async function paletteDataAction() {
  return runAction("read", z.object({}), {}, (actor) => paletteData(actor));
}

/** The run with this id, for "#123" in the palette. */
export async function findRunAction(input: { id: number }) {
  return runAction("read", z.object({ id: z.coerce.number().int().positive() }), input, (actor, d) => findRun(actor, d.id));
}
