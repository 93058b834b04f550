/**
 * Where data-parallel training can run: the probe of the runtime that `train` consults when `workers > 1`,
 * and the stand-in tests put in its place.
 *
 * Threads need shared memory (`SharedArrayBuffer`, which a page has only when `crossOriginIsolated`) and a
 * way to start a thread: Node's `worker_threads` (looked up with `process.getBuiltinModule`, Node ≥ 20.16, so
 * that nothing imports a Node built-in statically and the library stays one bundle for Node and browsers), or
 * Web Workers from a `Blob` URL. Whether the calling thread may block in `Atomics.wait` (Node, a worker; not a
 * page's main thread) decides how it waits for its workers.
 *
 * @internal
 * @since 0.2.0
 */

/**
 * A started worker as the pool sees it.
 * @internal
 */
export interface SpawnedWorker {
  postMessage(message: unknown): void
  /** The error the worker reported through its runtime (a script that failed to load), if any. */
  error(): string | undefined
  terminate(): void
}

/**
 * What the runtime offers: `spawn` (start a worker from its code) or `unavailable` (why threads cannot run),
 * and whether the calling thread may block.
 * @internal
 */
export interface WorkerEnvironment {
  readonly unavailable?: string
  readonly spawn?: (code: string) => SpawnedWorker
  readonly canBlock: boolean
}

interface NodeWorker {
  postMessage(m: unknown): void
  on(event: 'error', f: (e: unknown) => void): void
  unref(): void
  terminate(): unknown
}

interface WebWorker {
  postMessage(m: unknown): void
  onerror: ((e: { readonly message?: string }) => void) | null
  terminate(): void
}

interface Globals {
  readonly SharedArrayBuffer?: unknown
  readonly Atomics?: unknown
  readonly crossOriginIsolated?: boolean
  readonly process?: {
    readonly versions?: { readonly node?: string }
    readonly getBuiltinModule?: (id: string) => unknown
  }
  readonly Worker?: new (url: string) => WebWorker
  readonly Blob?: new (parts: ReadonlyArray<string>, options: { readonly type: string }) => unknown
  readonly URL?: { readonly createObjectURL?: (b: unknown) => string; readonly revokeObjectURL?: (u: string) => void }
}

const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))

/** Whether `Atomics.wait` may block here (it throws on a page's main thread). */
const mayBlock = (): boolean => {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0)
    return true
  } catch {
    return false
  }
}

/**
 * The runtime's offer, probed now.
 * @internal
 */
export const probeEnvironment = (): WorkerEnvironment => {
  const g = globalThis as unknown as Globals
  if (g.crossOriginIsolated === false)
    return { unavailable: 'SharedArrayBuffer is not available: the page is not crossOriginIsolated', canBlock: false }
  if (typeof g.SharedArrayBuffer !== 'function' || typeof g.Atomics !== 'object')
    return { unavailable: 'SharedArrayBuffer is not available in this runtime', canBlock: false }
  const canBlock = mayBlock()
  if (typeof g.process?.versions?.node === 'string') {
    const get = g.process.getBuiltinModule
    const wt =
      typeof get === 'function'
        ? (get('node:worker_threads') as { readonly Worker?: new (code: string, o: object) => NodeWorker } | undefined)
        : undefined
    const W = wt?.Worker
    if (W === undefined)
      return {
        unavailable: 'worker_threads is not available (it needs process.getBuiltinModule, Node ≥ 20.16)',
        canBlock,
      }
    return {
      canBlock,
      spawn: (code) => {
        const w = new W(code, { eval: true })
        w.unref()
        let error: string | undefined
        w.on('error', (e) => void (error = message(e)))
        return { postMessage: (m) => w.postMessage(m), error: () => error, terminate: () => void w.terminate() }
      },
    }
  }
  const { Worker, Blob, URL } = g
  if (typeof Worker !== 'function' || typeof Blob !== 'function' || typeof URL?.createObjectURL !== 'function')
    return { unavailable: 'Web Workers are not available in this runtime', canBlock }
  return {
    canBlock,
    spawn: (code) => {
      const url = (URL.createObjectURL as (b: unknown) => string)(new Blob([code], { type: 'text/javascript' }))
      let error: string | undefined
      let w: WebWorker
      try {
        w = new Worker(url)
      } catch (e) {
        URL.revokeObjectURL?.(url)
        throw e
      }
      w.onerror = (e) => void (error = e.message ?? 'the worker script failed to load (a Content Security Policy?)')
      return {
        postMessage: (m) => w.postMessage(m),
        error: () => error,
        terminate: () => {
          w.terminate()
          URL.revokeObjectURL?.(url)
        },
      }
    },
  }
}

let stand: (() => WorkerEnvironment) | undefined
let probed: WorkerEnvironment | undefined

/**
 * The environment training uses: the probe (run once per thread), or the stand-in set by
 * {@link setWorkerEnvironment}.
 * @internal
 */
export const workerEnvironment = (): WorkerEnvironment =>
  stand !== undefined ? stand() : (probed ??= probeEnvironment())

/**
 * For tests: puts `env` in place of the probe (`undefined`: the probe again). Returns the previous stand-in.
 * @internal
 */
export const setWorkerEnvironment = (
  env: (() => WorkerEnvironment) | undefined,
): (() => WorkerEnvironment) | undefined => {
  const was = stand
  stand = env
  return was
}
