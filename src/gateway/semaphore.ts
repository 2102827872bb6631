/** A counting semaphore whose limit can change while callers wait. */
export class Semaphore {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private limit: number) {}

  /** Changes the limit; a larger one wakes waiting callers at once. */
  setLimit(limit: number): void {
    if (!Number.isFinite(limit) || limit < 1) return;
    this.limit = Math.floor(limit);
    this.wake();
  }

  get currentLimit(): number {
    return this.limit;
  }

  get inFlight(): number {
    return this.running;
  }

  /** Waits for a slot. The returned function releases it, and calling it again does nothing. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => {
          const index = this.waiting.indexOf(grant);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal?.reason ?? new Error("aborted"));
        };
        const grant = (): void => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener("abort", onAbort, { once: true });
        this.waiting.push(grant);
      });
    } else {
      this.running++;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.wake();
    };
  }

  private wake(): void {
    while (this.running < this.limit && this.waiting.length > 0) {
      this.running++;
      this.waiting.shift()!();
    }
  }
}
