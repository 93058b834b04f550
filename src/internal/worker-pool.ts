/**
 * The workers of one data-parallel training plan, seen from the calling thread: started from `worker-code.ts`
 * with the runtime's `spawn`, each sent its {@link WorkerInit}, then driven through the shared control words
 * (`worker-protocol.ts`): `run(k, …)` hands worker `k` a slice, `join(k)` waits until it is done.
 *
 * The kernels' `WebAssembly.Module` (the one `kernels.ts` chose: relaxed SIMD, plain SIMD, or none for the
 * JavaScript kernels) is compiled here once per process and sent to every worker.
 *
 * @internal
 * @since 0.2.0
 */
import { backend } from './kernels.js'
import { gemmRelaxedWasmBase64, gemmWasmBase64 } from './gemm-wasm.js'
import { workerCode } from './worker-code.js'
import type { WorkerInit } from './worker-protocol.js'
import {
  awaitChange,
  CALLER_SLEEPS,
  CMD,
  CMD_EXIT,
  CMD_RELEASE,
  CMD_STEP,
  CMD_UPDATE,
  DONE,
  FAILED,
  MESSAGE_BYTES,
  MESSAGE_LENGTH,
  R0,
  R1,
  READY,
  ROWS,
  SEQ,
  STARTING,
  STATUS,
  STEP_T,
  STRIDE,
  wake,
  WORKER_SLEEPS,
} from './worker-protocol.js'
import type { SpawnedWorker, WorkerEnvironment } from '../train/workers.js'

interface Wasm {
  readonly Module: new (bytes: Uint8Array) => unknown
}

let compiled: { readonly kind: string; readonly module: unknown } | undefined

/** The kernels' module as `kernels.ts` runs it here, compiled once; `undefined` for the JavaScript kernels. */
const kernelModule = (): { readonly module: unknown; readonly relaxed: boolean } => {
  const kind = backend().matmul
  if (kind === 'js') return { module: undefined, relaxed: false }
  if (compiled === undefined || compiled.kind !== kind) {
    const wa = (globalThis as unknown as { readonly WebAssembly: Wasm }).WebAssembly
    const b64 = kind === 'wasm-relaxed-simd' ? gemmRelaxedWasmBase64 : gemmWasmBase64
    compiled = { kind, module: new wa.Module(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))) }
  }
  return { module: compiled.module, relaxed: kind === 'wasm-relaxed-simd' }
}

/** Pools released by finished runs, waiting in their workers' event loops for the next run's arena. */
const idle: Array<WorkerPool> = []
/** At most this many idle pools are kept; older ones are terminated. */
const IDLE_MAX = 2

type Init = (k: number, module: unknown, relaxed: boolean, ctrl: SharedArrayBuffer) => WorkerInit

const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))

/**
 * Workers `1 … count` of a plan.
 * @internal
 */
export class WorkerPool {
  private readonly ctrl: Int32Array
  private readonly ctrlBuffer: SharedArrayBuffer
  private readonly workers: ReadonlyArray<SpawnedWorker>
  private readonly seq: Array<number>
  private readonly block: boolean
  private readonly env: WorkerEnvironment
  private closed = false

  private constructor(ctrl: SharedArrayBuffer, workers: ReadonlyArray<SpawnedWorker>, env: WorkerEnvironment) {
    this.ctrlBuffer = ctrl
    this.ctrl = new Int32Array(ctrl, 0, (workers.length + 1) * STRIDE)
    this.workers = workers
    this.seq = workers.map(() => 0)
    this.block = env.canBlock
    this.env = env
  }

  /**
   * {@link WorkerPool.start}, or an idle pool of as many workers from the same environment (released by an
   * earlier run) sent the new run's arena: a message, not a thread start.
   */
  static acquire(env: WorkerEnvironment, count: number, init: Init): WorkerPool | string {
    const i = idle.findIndex((p) => p.env === env && p.workers.length === count)
    if (i < 0) return WorkerPool.start(env, count, init)
    const pool = idle.splice(i, 1)[0] as WorkerPool
    const { module, relaxed } = kernelModule()
    try {
      for (let k = 1; k <= count; k++) {
        Atomics.store(pool.ctrl, k * STRIDE + STATUS, STARTING)
        ;(pool.workers[k - 1] as SpawnedWorker).postMessage(init(k, module, relaxed, pool.ctrlBuffer))
      }
    } catch (e) {
      pool.close()
      return `a worker could not start: ${errorText(e)}`
    }
    return pool
  }

  /**
   * Starts `count` workers, worker `k` (from 1) with `init(k, module, relaxed, ctrl)` (whose `threads` must be
   * `count + 1`); a sentence saying why when one cannot start.
   */
  static start(env: WorkerEnvironment, count: number, init: Init): WorkerPool | string {
    const spawn = env.spawn
    if (spawn === undefined) return env.unavailable ?? 'no way to start a worker in this runtime'
    const ctrl = new SharedArrayBuffer((count + 1) * (STRIDE * 4 + MESSAGE_BYTES))
    const { module, relaxed } = kernelModule()
    const started: Array<SpawnedWorker> = []
    try {
      for (let k = 1; k <= count; k++) {
        const w = spawn(workerCode)
        started.push(w)
        w.postMessage(init(k, module, relaxed, ctrl))
      }
    } catch (e) {
      for (const w of started) w.terminate()
      return `a worker could not start: ${errorText(e)}`
    }
    return new WorkerPool(ctrl, started, env)
  }

  private failure(k: number): string {
    const base = k * STRIDE
    const n = this.workers.length + 1
    const len = Atomics.load(this.ctrl, base + MESSAGE_LENGTH)
    const bytes = new Uint8Array(this.ctrl.buffer, n * STRIDE * 4 + k * MESSAGE_BYTES, len).slice()
    return new TextDecoder().decode(bytes)
  }

  /** `'ready'` once every worker is, `'pending'` before, or why one failed. */
  status(): string {
    let pending = false
    for (let k = 1; k <= this.workers.length; k++) {
      const s = Atomics.load(this.ctrl, k * STRIDE + STATUS)
      if (s === FAILED) return `a worker could not start: ${this.failure(k)}`
      const e = (this.workers[k - 1] as SpawnedWorker).error()
      if (e !== undefined) return `a worker could not start: ${e}`
      if (s !== READY) pending = true
    }
    return pending ? 'pending' : 'ready'
  }

  /** Blocks (the calling thread must be allowed to) until every worker is ready, for at most `ms`. */
  waitReady(ms: number): string {
    const end = Date.now() + ms
    for (let k = 1; k <= this.workers.length; k++) {
      const word = k * STRIDE + STATUS
      while (Atomics.load(this.ctrl, word) === 0) {
        const left = end - Date.now()
        if (left <= 0) return `a worker could not start: it was not ready within ${ms} ms`
        Atomics.wait(this.ctrl, word, 0, Math.min(left, 50))
        const e = (this.workers[k - 1] as SpawnedWorker).error()
        if (e !== undefined) return `a worker could not start: ${e}`
      }
    }
    return this.status()
  }

  /** Hands worker `k` rows `r0 … r1 − 1` of a batch of `B`. */
  run(k: number, B: number, r0: number, r1: number): void {
    const base = k * STRIDE
    const c = this.ctrl
    Atomics.store(c, base + ROWS, B)
    Atomics.store(c, base + R0, r0)
    Atomics.store(c, base + R1, r1)
    Atomics.store(c, base + CMD, CMD_STEP)
    const s = ((this.seq[k - 1] as number) + 1) | 0
    this.seq[k - 1] = s
    wake(c, base + SEQ, s, base + WORKER_SLEEPS)
  }

  /** Hands worker `k` its share of the update of step `t` among `used` threads (η and the rest are in `io`). */
  update(k: number, used: number, t: number): void {
    const base = k * STRIDE
    const c = this.ctrl
    Atomics.store(c, base + ROWS, used)
    Atomics.store(c, base + STEP_T, t)
    Atomics.store(c, base + CMD, CMD_UPDATE)
    const s = ((this.seq[k - 1] as number) + 1) | 0
    this.seq[k - 1] = s
    wake(c, base + SEQ, s, base + WORKER_SLEEPS)
  }

  /** Waits until worker `k` has finished its step; `false` when it failed (its slice must be recomputed). */
  join(k: number): boolean {
    const base = k * STRIDE
    const s = this.seq[k - 1] as number
    let seen = Atomics.load(this.ctrl, base + DONE)
    while (seen !== s) seen = awaitChange(this.ctrl, base + DONE, seen, this.block, base + CALLER_SLEEPS)
    return Atomics.load(this.ctrl, base + STATUS) === READY
  }

  /**
   * Sends every worker back to waiting for a new arena and keeps the pool for the next run (Node's workers are
   * unref'd, so an idle pool does not keep a process alive); a pool with a failed worker is closed instead.
   */
  release(): void {
    if (this.closed) return
    if (this.status() !== 'ready') {
      this.close()
      return
    }
    for (let k = 1; k <= this.workers.length; k++) {
      const base = k * STRIDE
      Atomics.store(this.ctrl, base + CMD, CMD_RELEASE)
      const s = ((this.seq[k - 1] as number) + 1) | 0
      this.seq[k - 1] = s
      Atomics.store(this.ctrl, base + SEQ, s)
      Atomics.notify(this.ctrl, base + SEQ)
    }
    idle.push(this)
    while (idle.length > IDLE_MAX) (idle.shift() as WorkerPool).close()
  }

  /** Tells every worker to exit and terminates it. */
  close(): void {
    if (this.closed) return
    this.closed = true
    for (let k = 1; k <= this.workers.length; k++) {
      const base = k * STRIDE
      Atomics.store(this.ctrl, base + CMD, CMD_EXIT)
      Atomics.add(this.ctrl, base + SEQ, 1)
      Atomics.notify(this.ctrl, base + SEQ)
    }
    for (const w of this.workers) w.terminate()
  }
}
