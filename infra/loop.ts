// A task run again and again in the background, each run after the previous one ended.
/**
 * Runs `tick` after firstDelayMs, then again after the delay it returns; `tick` is told whether
 * the loop was stopped (to end early). Stopping waits for a run in flight.
 */
export function startLoop(tick: (stopped: () => boolean) => Promise<number>, firstDelayMs: number): () => Promise<void> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick(() => stopped).then(schedule);
    }, delay);
  };
  schedule(firstDelayMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
