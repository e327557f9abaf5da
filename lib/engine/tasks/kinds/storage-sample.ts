import { checkStorageForecast } from "../../storage/space/forecast-check";
import { recordStorageSamples } from "../../storage/space/sample";
import { rowTaskKind } from "../row-kind";

/** The storage sample (daily) and the forecast check (each time): queued hourly by the storage timer. */
export const storageSampleKind = rowTaskKind("storage-sample", (ctx) => {
  recordStorageSamples(ctx.clock());
  checkStorageForecast(ctx.clock());
});
