import { healthStatus, type Health } from "../../engine/health";

/** The console's health for load balancers and uptime monitors (no auth: it names no data). */
export function getHealth(): Health {
  return healthStatus();
}
