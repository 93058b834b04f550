/**
 * Driving a step machine: one generator of training steps, drained either at once (`train`) or in time slices
 * that give the event loop back (`trainAsync`), so the two cannot drift apart.
 *
 * Browser- and Node-safe: no Node built-in, only globals both have (`MessageChannel`, `setTimeout`,
 * `performance`), each looked up at run time.
 *
 * @internal
 * @since 0.2.0
 */

/**
 * Runs a generator to its end, synchronously.
 * @internal
 */
export const drainSync = <R>(gen: Generator<unknown, R, undefined>): R => {
  for (;;) {
    const r = gen.next()
    if (r.done === true) return r.value
  }
}

/**
 * A clock in milliseconds and a way to give the event loop back: the real ones, or fakes in tests.
 * @internal
 */
export interface Slicing {
  /** Milliseconds of work after which the driver yields. */
  readonly every: number
  readonly now: () => number
  readonly pause: () => Promise<void>
}

/**
 * Runs a generator to its end, pausing (`await slicing.pause()`) whenever at least `every` ms have passed on
 * `slicing.now` since the run started or last paused. A step is never split: the check runs between steps.
 * @internal
 */
export const drainAsync = async <R>(gen: Generator<unknown, R, undefined>, slicing: Slicing): Promise<R> => {
  let last = slicing.now()
  for (;;) {
    const r = gen.next()
    if (r.done === true) return r.value
    if (slicing.now() - last >= slicing.every) {
      await slicing.pause()
      last = slicing.now()
    }
  }
}

interface Globals {
  readonly performance?: { readonly now?: () => number }
  readonly scheduler?: { readonly yield?: () => Promise<void> }
  readonly MessageChannel?: new () => {
    readonly port1: { onmessage: ((e: unknown) => void) | null; close(): void }
    readonly port2: { postMessage(m: unknown): void; close(): void }
  }
  readonly setTimeout?: (f: () => void, ms: number) => unknown
}

const g = globalThis as unknown as Globals

/**
 * Milliseconds from a monotonic clock (`performance.now()`, else `Date.now()`).
 * @internal
 */
export const now = (): number => (typeof g.performance?.now === 'function' ? g.performance.now() : Date.now())

/**
 * Gives the event loop back for one turn, so that a page can repaint and handle input, or Node can run timers
 * and I/O: `scheduler.yield()` where it exists (Chromium), else a `MessageChannel` message (a macrotask without
 * the ≥ 4 ms clamp of nested `setTimeout`), else `setTimeout(0)`.
 * @internal
 */
export const yieldToEventLoop = (): Promise<void> => {
  const s = g.scheduler
  if (s !== undefined && typeof s.yield === 'function') return s.yield.call(s)
  const MC = g.MessageChannel
  if (MC !== undefined)
    return new Promise((resolve) => {
      const ch = new MC()
      ch.port1.onmessage = () => {
        // closing both ports lets Node exit; a port left open would keep the process alive
        ch.port1.close()
        ch.port2.close()
        resolve()
      }
      ch.port2.postMessage(null)
    })
  return new Promise((resolve) => {
    if (g.setTimeout !== undefined) g.setTimeout(resolve, 0)
    else resolve()
  })
}
