/**
 * The code of a training worker (bundled by `scripts/build-worker.mjs` into `worker-code.ts`, and started by
 * `worker-pool.ts` from that string: `new Worker(code, { eval: true })` in Node, a `Blob` URL in a browser).
 * It waits for one {@link WorkerInit} message, builds its views of the shared arena, starts the matrix kernels
 * from the `WebAssembly.Module` it was sent (so the bundle carries no copy of the binary), and, where the arena
 * is shared WebAssembly memory, instantiates the kernels on that memory (`attachArena`, its own scratch); it
 * reports `READY`, and then serves steps until told to exit: for each, `runSlice` on its rows (in place, with the
 * SIMD loops, on a shared module arena), its cost share stored in the shared `io` buffer, and `DONE` set; and
 * its share of each update (`updateShareInModule` or `updateShare`). It never posts a message back; a failure is reported in its control
 * words (`FAILED` and a message).
 *
 * @internal
 * @since 0.2.0
 */
import type { ModuleArena } from './kernels.js'
import { attachArena, restartKernels } from './kernels.js'
import type { PlanCost } from './plan-ops.js'
import type { WorkerInit } from './worker-protocol.js'
import {
  awaitChange,
  CALLER_SLEEPS,
  CMD,
  CMD_EXIT,
  CMD_RELEASE,
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
  STATUS,
  STEP_T,
  STRIDE,
  wake,
  WORKER_SLEEPS,
} from './worker-protocol.js'
import type { SliceLayer, SliceViews } from './worker-step.js'
import { runSlice, SLICE_PRODUCTS, sliceOf } from './worker-step.js'
import type { UpdateTensor } from './worker-update.js'
import { updateShare } from './worker-update.js'
import { updateShareInModule } from './module-update.js'

type Buf = Float64Array | Float32Array

/**
 * A stand-in for the `WebAssembly` namespace that gives `kernels.ts` the module compiled by the calling thread.
 * The bundle's `gemm-wasm.ts` is a stub whose three binaries are the single bytes 0 (plain), 1 (the
 * relaxed-SIMD probe) and 2 (relaxed): `validate` accepts the plain one and accepts the probe exactly when the
 * calling thread runs the relaxed kernel, so both threads choose the same kernel.
 */
const standIn = (module: unknown, relaxed: boolean): unknown => {
  const wa = (globalThis as unknown as { readonly WebAssembly: { readonly Instance: unknown } }).WebAssembly
  return {
    Module: function Module(): unknown {
      return module
    },
    Instance: wa.Instance,
    validate: (bytes: Uint8Array): boolean => (bytes[0] === 0 ? true : relaxed),
  }
}

/** Writes a failure into worker `index`'s words: `FAILED` and the message (UTF-8, cut to fit). */
const fail = (m: WorkerInit, e: unknown): void => {
  const ctrl = new Int32Array(m.ctrl, 0, m.threads * STRIDE)
  const n = m.threads
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e)
  const bytes = new TextEncoder().encode(text).subarray(0, MESSAGE_BYTES)
  new Uint8Array(m.ctrl, n * STRIDE * 4 + m.index * MESSAGE_BYTES, MESSAGE_BYTES).set(bytes)
  const base = m.index * STRIDE
  Atomics.store(ctrl, base + MESSAGE_LENGTH, bytes.length)
  Atomics.store(ctrl, base + STATUS, FAILED)
  Atomics.notify(ctrl, base + STATUS)
}

/** Serves steps for the plan described by `m` until told to exit. */
const serve = (m: WorkerInit): void => {
  const ctrl = new Int32Array(m.ctrl, 0, m.threads * STRIDE)
  const base = m.index * STRIDE
  let ls: ReadonlyArray<SliceLayer>
  let gW: ReadonlyArray<Buf>
  let gb: ReadonlyArray<Buf>
  let tensors: ReadonlyArray<UpdateTensor>
  let arena: ModuleArena | undefined
  const view = (off: number, n: number): Buf =>
    m.f32 ? new Float32Array(m.arena, off * 4, n) : new Float64Array(m.arena, off * 8, n)
  try {
    // the calling thread's choice of kernel, whatever this thread's environment says
    ;(globalThis as { TENSORIAL_RELAXED_SIMD?: string }).TENSORIAL_RELAXED_SIMD = m.relaxed ? 'on' : 'off'
    restartKernels(m.module === undefined ? undefined : standIn(m.module, m.relaxed))
    const sh = m.shared
    arena = sh === undefined ? undefined : attachArena(sh.module, sh.memory, sh.bytes, sh.scratch, sh.scratchBytes)
    ls = m.layers.map((l) => ({
      inputs: l.inputs,
      outputs: l.outputs,
      act: l.act,
      alpha: l.alpha,
      W: view(l.w, l.inputs * l.outputs),
      b: view(l.b, l.outputs),
    }))
    gW = m.layers.map((l) => view(l.gW, l.inputs * l.outputs))
    gb = m.layers.map((l) => view(l.gb, l.outputs))
    tensors = m.tensors.map((x) => ({
      matrix: x.matrix,
      w: view(x.w, x.n),
      g: view(x.g, x.n),
      others: x.others.map((o) => view(o, x.n)),
      slots: x.slots.map((o) => view(o, x.n)),
    }))
  } catch (e) {
    fail(m, e)
    return
  }
  const io = new Float64Array(m.io)
  const products = SLICE_PRODUCTS[m.f32 ? 'f32' : 'f64']
  const cost: PlanCost = m.cost
  const inputs = (ls[0] as SliceLayer).inputs
  const slices = new Map<string, SliceViews>()
  const sliceFor = (B: number, r0: number, r1: number): SliceViews => {
    const key = `${B}:${r0}:${r1}`
    const known = slices.get(key)
    if (known !== undefined) return known
    const z = ls.map((l, i) => view(m.z[i] as number, B * l.outputs))
    const full = {
      x: view(m.x, B * inputs),
      z,
      a: ls.map((l, i) => ((m.a[i] as number) < 0 ? (z[i] as Buf) : view(m.a[i] as number, B * l.outputs))),
      d: ls.map((l, i) => view(m.d[i] as number, B * l.outputs)),
    }
    const v = sliceOf(ls, full, r0, r1, gW, gb)
    slices.set(key, v)
    return v
  }
  let seq = Atomics.load(ctrl, base + SEQ)
  Atomics.store(ctrl, base + STATUS, READY)
  Atomics.notify(ctrl, base + STATUS)
  for (;;) {
    seq = awaitChange(ctrl, base + SEQ, seq, true, base + WORKER_SLEEPS)
    const cmd = Atomics.load(ctrl, base + CMD)
    if (cmd === CMD_EXIT) return
    if (cmd === CMD_RELEASE) {
      listen()
      return
    }
    if (cmd === CMD_UPDATE) {
      try {
        const used = Atomics.load(ctrl, base + ROWS)
        const t = Atomics.load(ctrl, base + STEP_T)
        const p = m.params
        const l2 = io[p + 2] === 1
        const flags = m.flags + m.index * tensors.length
        const [eta, lam] = [io[p] as number, io[p + 1] as number]
        if (arena !== undefined)
          updateShareInModule(arena.loops(m.f32), m.spec, t, eta, lam, l2, tensors, used, m.index, io, flags)
        else updateShare(m.spec, t, eta, lam, l2, tensors, used, m.index, io, flags)
      } catch (e) {
        fail(m, e)
      }
      wake(ctrl, base + DONE, seq, base + CALLER_SLEEPS)
      continue
    }
    const B = Atomics.load(ctrl, base + ROWS)
    const r0 = Atomics.load(ctrl, base + R0)
    const r1 = Atomics.load(ctrl, base + R1)
    try {
      const stage = m.shared?.stage ?? -1
      io[m.shares + m.index] = runSlice(
        arena,
        io[m.params + 3] === 1,
        products,
        ls,
        cost,
        m.sum,
        B,
        r0,
        r1,
        sliceFor(B, r0, r1),
        io,
        stage,
      )
    } catch (e) {
      fail(m, e)
    }
    wake(ctrl, base + DONE, seq, base + CALLER_SLEEPS)
  }
}

interface NodePort {
  once(event: 'message', f: (m: WorkerInit) => void): void
}

const g = globalThis as {
  readonly process?: { readonly getBuiltinModule?: (id: string) => unknown }
  onmessage?: ((e: { readonly data: WorkerInit }) => void) | null
}
const threads =
  typeof g.process?.getBuiltinModule === 'function'
    ? (g.process.getBuiltinModule('node:worker_threads') as { readonly parentPort?: NodePort | null } | undefined)
    : undefined
const port = threads?.parentPort ?? undefined
/** Waits (in the event loop) for the next {@link WorkerInit}. */
const listen = (): void => {
  if (port !== undefined) port.once('message', serve)
  else
    g.onmessage = (e) => {
      g.onmessage = null
      serve(e.data)
    }
}
listen()
