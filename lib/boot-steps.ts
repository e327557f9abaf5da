// Each feature adds one import line here; the imported module calls onBoot(...).
import "./cli/headless-admin-boot";
import "./notify/start";
import "./runner/boot";
import "./restore/boot";
import "./scheduler/boot";
import "./services/storage/sampler-boot";
import "./services/targets/reseal-boot";
export {};
