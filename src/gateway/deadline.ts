/**
 * The deadline of one gateway call: a signal that aborts when the call's time is up or
 * when the caller cancels, and the sleep used between retries.
 */

export class CallDeadline {
  /** Aborted when the deadline passes or the caller's signal aborts. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds at which the call times out. */
  readonly endsAt: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly onCallerAbort: () => void;

  /**
   * Starts the clock. The timer is an ordinary setTimeout held by this object, because on
   * Node 20.20 a signal from AbortSignal.any() over AbortSignal.timeout() never fired once
   * garbage collection had run, which left undici's own headers timeout to end the call.
   */
  constructor(
    readonly timeoutMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    this.endsAt = Date.now() + timeoutMs;
    this.timer = setTimeout(() => this.controller.abort(new DOMException(`The call exceeded its ${timeoutMs} ms deadline.`, "TimeoutError")), timeoutMs);
    this.onCallerAbort = () => this.controller.abort(callerSignal?.reason);
    if (callerSignal?.aborted) this.onCallerAbort();
    else callerSignal?.addEventListener("abort", this.onCallerAbort, { once: true });
  }

  /** True when the caller cancelled the call, as opposed to the deadline passing. */
  get cancelled(): boolean {
    return this.callerSignal?.aborted === true;
  }

  /** Milliseconds left before the deadline; 0 once it has passed. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  /** Stops the timer and detaches from the caller's signal. Call it once the call has finished. */
  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener("abort", this.onCallerAbort);
  }
}

/** Waits `ms` milliseconds, or rejects with the signal's reason as soon as it aborts. */
export function sleepWithSignal(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
