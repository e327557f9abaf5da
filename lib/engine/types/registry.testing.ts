import type { TargetTypeModule } from "./module";
import { registryForTests } from "./registry";

/** Register a target type for one test; returns the function that removes it again. */
export function registerTestType(m: TargetTypeModule): () => void {
  registryForTests.add(m);
  return () => registryForTests.remove(m.type);
}
