/** The runner's clock. Tests replace it to drive time instead of sleeping. */
let nowFn: () => Date = () => new Date();

export function now(): Date {
  return nowFn();
}

export function setClock(fn: (() => Date) | null): void {
  nowFn = fn ?? (() => new Date());
}
