// A time limit on a piece of work that sends a request and reads its answer. AbortSignal.timeout()
// is not used: its timer is held only through the signal, so once nothing but a Request (or a
// body reader) references the signal it can be collected and never fire, and a server that
// stalls mid-body then hangs the run. Here the timer is held until the work ends.

/** Runs `work` with a signal that aborts with a TimeoutError after `ms`; the timer ends with it. */
export async function withTimeLimit<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`${ms} ms`, "TimeoutError")), ms);
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
