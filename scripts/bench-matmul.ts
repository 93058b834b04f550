/**
 * Benchmark section: matrix-product throughput in GFLOP/s (`2·m·n·k / seconds`) for the public `matmul`, the raw
 * kernels `gemmNN`/`gemmTN`/`gemmNT` and, for comparison, a naive `ijk` triple loop; then the GEMM table
 * (`benchGemm`): the three kernels at the MNIST batch-64 shapes and 1024³, float64 and float32, plain SIMD and
 * (when the runtime has relaxed SIMD) fused multiply-add, each also as a fraction of the SIMD ceiling measured in
 * the same run.
 *
 * Each row reports the best and the median of several timed repetitions after a warm-up; a repetition runs the
 * product as many times as fit in about `minMs` milliseconds. Best is the least disturbed by other processes;
 * the CPU-time column is the least disturbed on a busy machine.
 */
import { fromFunction, matmul } from 'tensorial'
import { gemmRelaxedWasmBase64, gemmWasmBase64, relaxedProbeBase64 } from '../src/internal/gemm-wasm.js'
import {
  backend,
  gemmNN,
  gemmNNf32,
  gemmNT,
  gemmNTf32,
  gemmTN,
  gemmTNf32,
  restartKernels,
} from '../src/internal/kernels.js'

// -------------------------------------------------------------------------------------
// timing
// -------------------------------------------------------------------------------------

/**
 * Seconds per call: the best and the median over the repetitions by the wall clock, and the best by the CPU time
 * of this process, which leaves out the time other processes held the CPU (on a busy machine the wall clock
 * overstates the cost; caches shared with them still slow the run down).
 */
export interface Timing {
  readonly best: number
  readonly median: number
  readonly cpuBest: number
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

/** Times `f`: `warmup` untimed calls, then `reps` repetitions of as many calls as fit in about `minMs` ms each. */
export const time = (f: () => void, reps = 7, minMs = 60, warmup = 3): Timing => {
  for (let i = 0; i < warmup; i++) f()
  const wall: Array<number> = []
  const cpu: Array<number> = []
  for (let r = 0; r < reps; r++) {
    let calls = 0
    const c0 = cpuSeconds()
    const t0 = performance.now()
    let t = t0
    do {
      f()
      calls++
      t = performance.now()
    } while (t - t0 < minMs)
    cpu.push((cpuSeconds() - c0) / calls)
    wall.push((t - t0) / 1000 / calls)
  }
  wall.sort((x, y) => x - y)
  return { best: wall[0], median: wall[Math.floor(wall.length / 2)], cpuBest: Math.min(...cpu) }
}

/** `len` uniform numbers in `[-1, 1)` from a fixed-seed LCG, so every run multiplies the same matrices. */
export const randomData = (len: number, seed = 1): Float64Array => {
  const out = new Float64Array(len)
  let s = seed >>> 0
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

/**
 * Renders a text table with a rule under the header: columns named in `right` are right-aligned (numbers), the
 * others left-aligned.
 */
export const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  right: ReadonlyArray<string> = [],
): string => {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)))
  const cell = (x: string, c: number) => (right.includes(header[c]) ? x.padStart(widths[c]) : x.padEnd(widths[c]))
  const line = (cells: ReadonlyArray<string>) => cells.map(cell).join('  ').trimEnd()
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

// -------------------------------------------------------------------------------------
// contenders
// -------------------------------------------------------------------------------------

/** The textbook `ijk` triple loop, `out_ij = Σ_p a_ip b_pj`: the baseline every kernel is compared with. */
export const naiveIjk = (m: number, n: number, k: number, a: Float64Array, b: Float64Array, out: Float64Array) => {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j]
      out[i * n + j] = s
    }
  }
}

/** A shape `[m×k]·[k×n]` to benchmark. */
export interface MatmulShape {
  readonly m: number
  readonly k: number
  readonly n: number
}

/** The shapes of the issue: an MNIST-sized first layer, a hidden layer, and a large square product. */
export const matmulShapes: ReadonlyArray<MatmulShape> = [
  { m: 64, k: 784, n: 128 },
  { m: 64, k: 128, n: 64 },
  { m: 512, k: 512, n: 512 },
]

/** One contender: a name and a function that builds the operands for a shape and returns the call to time. */
interface Contender {
  readonly name: string
  readonly setup: (s: MatmulShape) => () => void
}

const raw =
  (kernel: typeof gemmNN) =>
  ({ m, k, n }: MatmulShape) => {
    const a = randomData(m * k, 1)
    const b = randomData(k * n, 2)
    const out = new Float64Array(m * n)
    return () => kernel(m, n, k, a, b, out)
  }

const contenders: ReadonlyArray<Contender> = [
  {
    name: 'matmul (public)',
    setup: ({ m, k, n }) => {
      const da = randomData(m * k, 1)
      const db = randomData(k * n, 2)
      const a = fromFunction([m, k], ([i, p]) => da[i * k + p])
      const b = fromFunction([k, n], ([p, j]) => db[p * n + j])
      return () => void matmul(a, b)
    },
  },
  { name: 'gemmNN  a·b', setup: raw(gemmNN) },
  { name: 'gemmTN  aᵀ·b', setup: raw(gemmTN) },
  { name: 'gemmNT  a·bᵀ', setup: raw(gemmNT) },
  // last: the baseline of the 'vs naive' column
  { name: 'naive ijk', setup: raw(naiveIjk) },
]

// -------------------------------------------------------------------------------------
// section
// -------------------------------------------------------------------------------------

const gflops = ({ m, k, n }: MatmulShape, seconds: number): string => ((2 * m * n * k) / seconds / 1e9).toFixed(2)

/**
 * Runs the matmul benchmark and returns its table: one row per shape and contender, with the GFLOP/s of the best
 * and the median wall-clock time and of the best CPU time, and the speed-up of the best wall-clock time over the
 * naive loop's.
 */
export const benchMatmul = (shapes: ReadonlyArray<MatmulShape> = matmulShapes): string => {
  const rows: Array<Array<string>> = []
  for (const s of shapes) {
    const timings = contenders.map((c) => time(c.setup(s)))
    const naive = timings[timings.length - 1].best
    contenders.forEach((c, i) => {
      const t = timings[i]
      const speedup = `${(naive / t.best).toFixed(1)}×`
      const cells = [gflops(s, t.best), gflops(s, t.median), gflops(s, t.cpuBest), speedup]
      rows.push([`${s.m}×${s.k}·${s.k}×${s.n}`, c.name, ...cells])
    })
  }
  const header = ['shape', 'kernel', 'GFLOP/s best', 'median', 'best CPU time', 'vs naive']
  return table(header, rows, header.slice(2))
}

// -------------------------------------------------------------------------------------
// GEMM table: kernels against the SIMD ceiling
// -------------------------------------------------------------------------------------

/** The WebAssembly global as far as the ceiling uses it (the project's lib has no WebAssembly values). */
const wasm = (
  globalThis as unknown as {
    readonly WebAssembly: {
      readonly validate: (bytes: Uint8Array) => boolean
      readonly Module: new (bytes: Uint8Array) => object
      readonly Instance: new (module: object) => { readonly exports: unknown }
    }
  }
).WebAssembly

const decode = (b64: string): Uint8Array => Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0))

/** Whether this runtime has WebAssembly relaxed SIMD (Node 20: only with `--experimental-wasm-relaxed-simd`). */
export const relaxedSimdSupported = (): boolean => wasm.validate(decode(relaxedProbeBase64))

/** Floating-point operations per iteration of the ceiling loops: 12 chains × (mul + add) × lanes. */
const PEAK_FLOPS = { f64: 12 * 2 * 2, f32: 12 * 2 * 4 } as const

/**
 * The SIMD ceiling in GFLOP/s: the module's `peak`/`peakf32` loop (12 independent chains of `acc·x + y`, in
 * registers only, the same multiply and add, or relaxed_madd, the kernels use) timed like the kernels.
 */
const ceiling = (relaxed: boolean, precision: 'f64' | 'f32'): number => {
  const e = new wasm.Instance(new wasm.Module(decode(relaxed ? gemmRelaxedWasmBase64 : gemmWasmBase64))).exports as {
    readonly peak: (n: number) => number
    readonly peakf32: (n: number) => number
  }
  const f = precision === 'f64' ? e.peak : e.peakf32
  const iters = 1_000_000
  const t = time(() => void f(iters), 5, 60, 2)
  return (PEAK_FLOPS[precision] * iters) / t.best / 1e9
}

/** One kernel of the GEMM table: `op(A)·op(B)` named by its form. */
interface GemmOp {
  readonly name: string
  readonly f64: typeof gemmNN
  readonly f32: typeof gemmNNf32
}

const gemmOps: ReadonlyArray<GemmOp> = [
  { name: 'A·B', f64: gemmNN, f32: gemmNNf32 },
  { name: 'Aᵀ·B', f64: gemmTN, f32: gemmTNf32 },
  { name: 'A·Bᵀ', f64: gemmNT, f32: gemmNTf32 },
]

/**
 * The products of one MNIST training step at batch 64 through a 784-128-… network (forward `X·W`, the weight
 * gradient `Xᵀ·δ`, the back-propagated `δ·Wᵀ`) and a large square one, as `op(A)` `[m×k]` · `op(B)` `[k×n]`.
 */
const gemmShapes: ReadonlyArray<{ readonly op: string; readonly shape: MatmulShape }> = [
  ...gemmOps.map((o) => ({ op: o.name, shape: { m: 64, k: 784, n: 128 } })),
  { op: 'A·B', shape: { m: 64, k: 128, n: 64 } },
  { op: 'Aᵀ·B', shape: { m: 784, k: 64, n: 128 } },
  { op: 'A·Bᵀ', shape: { m: 64, k: 128, n: 784 } },
  ...gemmOps.map((o) => ({ op: o.name, shape: { m: 1024, k: 1024, n: 1024 } })),
]

/**
 * The GEMM table: for each kernel (plain SIMD, and fused multiply-add when the runtime has relaxed SIMD), each
 * precision and each shape, the GFLOP/s of the best wall-clock time and of the best CPU time, and the best as a
 * fraction of that kernel's SIMD ceiling; below it, the ceilings and, per kernel and precision, 1024³ against the
 * mean of the batch-64 shapes.
 */
export const benchGemm = (): string => {
  const variants = relaxedSimdSupported() ? [false, true] : [false]
  const rows: Array<Array<string>> = []
  const notes: Array<string> = []
  const saved = process.env['TENSORIAL_RELAXED_SIMD']
  try {
    for (const relaxed of variants) {
      if (relaxed) delete process.env['TENSORIAL_RELAXED_SIMD']
      else process.env['TENSORIAL_RELAXED_SIMD'] = 'off'
      restartKernels()
      const b = backend()
      const kernel = relaxed ? 'fma' : 'plain'
      for (const precision of ['f64', 'f32'] as const) {
        const peak = ceiling(relaxed, precision)
        notes.push(`ceiling ${kernel} ${precision}: ${peak.toFixed(2)} GFLOP/s (${b.matmul})`)
        const small: Array<number> = []
        const large: Array<number> = []
        for (const { op, shape } of gemmShapes) {
          const { m, k, n } = shape
          const o = gemmOps.find((g) => g.name === op) as GemmOp
          // op(A) is [m×k] and op(B) [k×n] whatever the storage, so the same lengths serve every form
          const a = randomData(m * k, 1)
          const bb = randomData(k * n, 2)
          let run: () => void
          if (precision === 'f64') {
            const out = new Float64Array(m * n)
            run = () => o.f64(m, n, k, a, bb, out)
          } else {
            const a32 = Float32Array.from(a)
            const b32 = Float32Array.from(bb)
            const out = new Float32Array(m * n)
            run = () => o.f32(m, n, k, a32, b32, out)
          }
          const big = m * n * k >= 1024 ** 3
          const t = time(run, big ? 5 : 7, big ? 200 : 60, big ? 1 : 3)
          const rate = (2 * m * n * k) / t.best / 1e9
          ;(big ? large : small).push(rate)
          rows.push([
            kernel,
            precision,
            op,
            `${m}×${k}·${k}×${n}`,
            rate.toFixed(2),
            gflops(shape, t.cpuBest),
            `${Math.round((100 * rate) / peak)}%`,
          ])
        }
        const mean = (xs: ReadonlyArray<number>) => xs.reduce((x, y) => x + y, 0) / xs.length
        notes.push(
          `1024³ vs batch-64 shapes, ${kernel} ${precision}: ${mean(large).toFixed(2)} / ${mean(small).toFixed(2)} GFLOP/s = ${Math.round((100 * mean(large)) / mean(small))}%`,
        )
      }
    }
  } finally {
    if (saved === undefined) delete process.env['TENSORIAL_RELAXED_SIMD']
    else process.env['TENSORIAL_RELAXED_SIMD'] = saved
    restartKernels()
  }
  if (variants.length === 1)
    notes.push('no fma rows: this runtime has no relaxed SIMD (Node 20: run with --experimental-wasm-relaxed-simd)')
  const header = ['kernel', 'precision', 'op', 'shape', 'GFLOP/s best', 'best CPU time', 'of ceiling']
  return `${table(header, rows, header.slice(4))}\n\n${notes.join('\n')}`
}
