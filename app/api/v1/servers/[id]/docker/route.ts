import { z } from "zod";
import { authenticate } from "@/lib/api/auth";
import { handle, json, readJson } from "@/lib/api/respond";
import { idParam, type IdContext } from "@/lib/api/params";
import { adoptDockerProposals, discoverDocker } from "@/lib/services/servers/docker";

export const dynamic = "force-dynamic";

/** Docker discovery on a server (admin): containers, volumes, images and the proposed targets. */
export const GET = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  return json({ docker: await discoverDocker(actor, idParam((await params).id, "Server")) });
});

const adoptBody = z.object({ keys: z.array(z.string()) }, "The body must be a JSON object with keys");

/** Create proposed targets by their keys, under apps named after the compose projects. */
export const POST = handle(async (request: Request, { params }: IdContext) => {
  const actor = authenticate(request, "manage");
  const id = idParam((await params).id, "Server");
  const { keys } = await readJson(request, adoptBody);
  return json(await adoptDockerProposals(actor, { id, keys }), 201);
});
