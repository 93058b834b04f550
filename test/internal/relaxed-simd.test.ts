import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { describe, expect, it } from 'vitest'

/**
 * The relaxed-SIMD kernel needs `--experimental-wasm-relaxed-simd` on Node 20, a V8 flag a vitest worker cannot
 * turn on for one file: the test runs relaxed-simd-child.ts in a node started with the flag (and tsx to load
 * TypeScript), which computes the same products with both kernels and prints the comparison.
 */
/** Whether this CPU has fused multiply-add, so relaxed_madd fuses (unknown: assume not). */
const hasFma =
  process.arch === 'arm64' ||
  (process.arch === 'x64' && existsSync('/proc/cpuinfo') && /\bfma\b/.test(readFileSync('/proc/cpuinfo', 'utf8')))

const child = fileURLToPath(new URL('./relaxed-simd-child.ts', import.meta.url))

const result = (() => {
  const env = { ...process.env }
  delete env['TENSORIAL_RELAXED_SIMD']
  const r = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', child], {
    encoding: 'utf8',
    env,
    timeout: 100_000,
  })
  if (r.status !== 0) throw new Error(`relaxed-simd-child.ts failed (${r.status}): ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as {
    readonly relaxedBackend: { readonly matmul: string; readonly reason: string }
    readonly plainBackend: { readonly matmul: string; readonly reason: string }
    readonly globalOffBackend: { readonly matmul: string; readonly reason: string }
    readonly deterministic: boolean
    readonly identicalToPlain: boolean
    readonly maxDiff64: number
    readonly maxDiff32: number
  }
})()

describe('the relaxed-SIMD (fused multiply-add) kernel', () => {
  it('is chosen and reported where the runtime supports relaxed SIMD', () => {
    expect(result.relaxedBackend).toEqual({
      matmul: 'wasm-relaxed-simd',
      reason: 'WebAssembly relaxed SIMD available (fused multiply-add)',
    })
  })

  it('is turned off by TENSORIAL_RELAXED_SIMD=off in the environment or on globalThis, and says so', () => {
    const off = {
      matmul: 'wasm-simd',
      reason: 'WebAssembly SIMD available (relaxed SIMD turned off by TENSORIAL_RELAXED_SIMD=off)',
    }
    expect(result.plainBackend).toEqual(off)
    expect(result.globalOffBackend).toEqual(off)
  })

  it('gives the same bits on every run', () => {
    expect(result.deterministic).toBe(true)
  })

  it('differs from the plain kernel by rounding only', () => {
    // products of numbers in [-1, 1) with k ≤ 784: the sums are at most 784 in size, each fused multiply-add
    // saves one rounding of 2⁻⁵³ (float64) or 2⁻²⁴ (float32) relative, so k of them differ by at most ≈ k·2⁻⁵³
    expect(result.maxDiff64).toBeLessThan(784 * 2 ** -52)
    expect(result.maxDiff32).toBeLessThan(784 * 2 ** -23)
    // and they do differ where the hardware fuses (ARM64, x86-64 with FMA): a test that can fail
    if (hasFma) expect(result.identicalToPlain).toBe(false)
  })
})
