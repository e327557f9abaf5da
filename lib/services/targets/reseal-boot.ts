import { onBoot } from "../../boot";
import { resealUrlSecrets } from "../../engine/targets/reseal";

onBoot("reseal-url-secrets", () => {
  const ids = resealUrlSecrets();
  if (ids.length) console.log(`[lifeboat] sealed the query-string passwords of target(s) ${ids.join(", ")}`);
});
