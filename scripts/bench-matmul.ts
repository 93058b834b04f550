/**
 * Benchmark section: matrix-product throughput in GFLOP/s (`2·m·n·k / seconds`) for the public `matmul`, the raw
 * kernels `gemmNN`/`gemmTN`/`gemmNT` and, for comparison, a naive `ijk` triple loop.
 *
 * Each row reports the best and the median of several timed repetitions after a warm-up; a repetition runs the
 * product as many times as fit in about `minMs` milliseconds. Best is the least disturbed by other processes;
 * the CPU-time column is the least disturbed on a busy machine.
 */
import { fromFunction, matmul } from 'tensorial'
import { gemmNN, gemmNT, gemmTN } from '../src/internal/kernels.js'

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
