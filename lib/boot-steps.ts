// Each feature adds one import line here; the imported module calls onBoot(...).
import "./cli/headless-admin-boot";
import "./engine/notify/start";
import "./runner/boot";
import "./engine/restore/recover";
import "./engine/scheduler/boot";
import "./services/storage/sampler-boot";
import "./services/targets/reseal-boot";
export {};
