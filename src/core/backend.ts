/**
 * Which kernel computes matrix products here, and why. Products large enough to pay for it (about 16³
 * multiply-adds and more) go through a cache-blocked WebAssembly SIMD kernel, about 3× faster than the
 * JavaScript one; where WebAssembly is missing, lacks SIMD or is refused, the JavaScript kernel computes them
 * instead, with the same results up to the order of summation. `kernels()` says which, so a page can show it or
 * a test can require it.
 *
 * Where the runtime supports WebAssembly relaxed SIMD (Chromium; Node 20 with `--experimental-wasm-relaxed-simd`)
 * a twin of the kernel does each multiply-add as one `relaxed_madd`, fused (one rounding instead of two) where
 * the hardware has fused multiply-add, about 1.5× faster. Its results differ from the plain kernel's by rounding
 * only (a few units in the last place of each sum); for a given backend on a given machine, results are
 * deterministic: the same inputs give the same bits on every run. `TENSORIAL_RELAXED_SIMD=off` in the
 * environment, or `globalThis.TENSORIAL_RELAXED_SIMD = 'off'` before the first product, keeps the plain kernel
 * (whose float64 results equal the naive loop `s += a·b` summed in order, bit for bit).
 *
 * @since 0.2.0
 */
import { backend } from '../internal/kernels.js'

/**
 * The active matrix-product kernel and the reason for it:
 *
 * - `{ matmul: 'wasm-relaxed-simd', reason: 'WebAssembly relaxed SIMD available (fused multiply-add)' }`
 * - `{ matmul: 'wasm-simd', reason: 'WebAssembly SIMD available' }` (a runtime without relaxed SIMD)
 * - `{ matmul: 'wasm-simd', reason: 'WebAssembly SIMD available (relaxed SIMD turned off by TENSORIAL_RELAXED_SIMD=off)' }`
 * - `{ matmul: 'js', reason: 'WebAssembly is not available in this runtime' }`
 * - `{ matmul: 'js', reason: 'WebAssembly SIMD is not supported by this runtime' }`
 * - `{ matmul: 'js', reason: "WebAssembly blocked by the Content Security Policy (script-src needs 'wasm-unsafe-eval')" }`
 *   (a page whose CSP has neither `'wasm-unsafe-eval'` nor `'unsafe-eval'`)
 * - `{ matmul: 'js', reason: 'WebAssembly compilation failed: …' }` (any other refusal, with the runtime's error)
 *
 * @category model
 * @since 0.2.0
 */
export interface KernelReport {
  readonly matmul: 'wasm-relaxed-simd' | 'wasm-simd' | 'js'
  readonly reason: string
}

/**
 * Which kernel computes matrix products, and why (see {@link KernelReport}). The WebAssembly kernel is
 * compiled on first use, so the first call may compile it (about a millisecond); later calls return the same
 * report.
 *
 * @example
 * import { kernels } from 'tensorial'
 * console.log(kernels()) // { matmul: 'wasm-simd', reason: 'WebAssembly SIMD available' } on Node 20
 *
 * @category utils
 * @since 0.2.0
 */
export const kernels = (): KernelReport => backend()
