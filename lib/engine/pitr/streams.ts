import { WalReceiver, type WalReceiverOptions } from "./receiver";
import { dropSlot, slotName } from "./slot";
import { engineState } from "../tasks/engine-state";

/**
 * The WAL streams this console runs, one per target with `pitr.enabled`. Started at boot and when
 * PITR is turned on; stopped with the console (their pg_receivewal also dies with it through the
 * process registry, and the lease goes stale) and when PITR is turned off.
 */
const streams = {
  // In the one engine-state singleton: a route handler turning PITR off must find the stream boot started.
  get: (id: number) => engineState().walStreams.get(id),
  set: (id: number, rx: WalReceiver) => engineState().walStreams.set(id, rx),
  delete: (id: number) => engineState().walStreams.delete(id),
  keys: () => engineState().walStreams.keys(),
};

export async function startWalStream(opts: WalReceiverOptions): Promise<WalReceiver> {
  const running = streams.get(opts.targetId);
  if (running) return running;
  const rx = new WalReceiver(opts);
  // In the map before the first await: a second call meanwhile (the supervisor, a PATCH) finds it.
  streams.set(opts.targetId, rx);
  try {
    await rx.start();
  } catch (e) {
    if (streams.get(opts.targetId) === rx) streams.delete(opts.targetId);
    throw e;
  }
  return rx;
}

export async function stopWalStream(targetId: number): Promise<void> {
  const rx = streams.get(targetId);
  streams.delete(targetId);
  await rx?.stop();
}

export async function stopAllWalStreams(): Promise<void> {
  await Promise.all([...streams.keys()].map((id) => stopWalStream(id)));
}

export const activeWalStreams = (): number[] => [...streams.keys()];

/**
 * PITR turned off: stop streaming and drop the slot, so the server stops keeping WAL for us (an
 * abandoned slot fills its disk). The stored WAL and base backups stay until retention.
 */
export async function disablePitr(targetId: number, url: string): Promise<void> {
  await stopWalStream(targetId);
  await dropSlot(url, slotName(targetId));
}
