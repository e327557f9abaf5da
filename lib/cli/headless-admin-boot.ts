import { onBoot } from "../boot";
import { ensureHeadlessAdmin } from "./headless-admin";

onBoot("headless-admin", async () => {
  await ensureHeadlessAdmin();
});
