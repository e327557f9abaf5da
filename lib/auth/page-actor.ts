import { notFound, redirect } from "next/navigation";
import { NotFoundError } from "../errors";
import { currentActor } from "./session";

/** For pages: the signed-in user, or off to sign-in (pages only show; actions authorise). */
export async function pageActor() {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return actor;
}

/** Run a service read; a NotFoundError becomes the 404 page. */
export function orNotFound<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}

/** A route's numeric id, or the 404 page. */
export function idParam(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}
