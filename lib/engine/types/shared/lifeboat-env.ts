/** Environment every Lifeboat-run script and hook gets. */
export function lifeboatEnv(ctx: { runId: number; app: { name: string }; target: { name: string } }): Record<string, string> {
  return { LIFEBOAT_TARGET: ctx.target.name, LIFEBOAT_APP: ctx.app.name, LIFEBOAT_RUN_ID: String(ctx.runId) };
}
