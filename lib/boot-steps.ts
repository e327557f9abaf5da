// Each feature adds one import line here; the imported module calls onBoot(...).
import "./notify/start";
export {};
