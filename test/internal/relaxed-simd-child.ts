/**
 * Run by relaxed-simd.test.ts in `node --experimental-wasm-relaxed-simd`: computes the same products with the
 * relaxed-SIMD kernel and with the plain one (turned off by TENSORIAL_RELAXED_SIMD=off), and prints what the test
 * checks as one line of JSON.
 */
import { backend, gemm, gemmF32, restartKernels } from '../../src/internal/kernels.js'

const random = (len: number, seed: number): Float64Array => {
  const out = new Float64Array(len)
  let s = (seed * 2654435761) >>> 0
  for (let i = 0; i < len; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    out[i] = s / 2 ** 31 - 1
  }
  return out
}

const shapes: ReadonlyArray<readonly [number, number, number]> = [
  [17, 19, 23],
  [66, 131, 600],
  [64, 128, 784],
  [33, 260, 513],
]

/** Every product of `shapes` × transpositions, float64 and float32, with the kernel active now. */
const run = (): { readonly f64: Array<Array<number>>; readonly f32: Array<Array<number>> } => {
  const f64: Array<Array<number>> = []
  const f32: Array<Array<number>> = []
  for (const [m, n, k] of shapes)
    for (const tA of [false, true])
      for (const tB of [false, true]) {
        const a = random(m * k, m + k)
        const b = random(k * n, n + k)
        const out = new Float64Array(m * n)
        gemm(tA, tB, m, n, k, a, b, out, false)
        f64.push(Array.from(out))
        const out32 = new Float32Array(m * n)
        gemmF32(tA, tB, m, n, k, Float32Array.from(a), Float32Array.from(b), out32)
        f32.push(Array.from(out32))
      }
  return { f64, f32 }
}

/** The largest `|x − y| / Σ_p |a·b|`-free measure: `|x − y| / max(1, |y|)` over all entries. */
const maxDiff = (xs: Array<Array<number>>, ys: Array<Array<number>>): number => {
  let d = 0
  xs.forEach((x, r) =>
    x.forEach((v, i) => (d = Math.max(d, Math.abs(v - ys[r]![i]!) / Math.max(1, Math.abs(ys[r]![i]!))))),
  )
  return d
}

const same = (xs: Array<Array<number>>, ys: Array<Array<number>>): boolean =>
  xs.every((x, r) => x.every((v, i) => Object.is(v, ys[r]![i])))

const relaxedBackend = backend()
const relaxed = run()
const again = run()
process.env['TENSORIAL_RELAXED_SIMD'] = 'off'
restartKernels()
const plainBackend = backend()
const plain = run()
delete process.env['TENSORIAL_RELAXED_SIMD']
;(globalThis as { TENSORIAL_RELAXED_SIMD?: string }).TENSORIAL_RELAXED_SIMD = 'off'
restartKernels()
const globalOffBackend = backend()

console.log(
  JSON.stringify({
    relaxedBackend,
    plainBackend,
    globalOffBackend,
    deterministic: same(relaxed.f64, again.f64) && same(relaxed.f32, again.f32),
    identicalToPlain: same(relaxed.f64, plain.f64),
    maxDiff64: maxDiff(relaxed.f64, plain.f64),
    maxDiff32: maxDiff(relaxed.f32, plain.f32),
  }),
)
