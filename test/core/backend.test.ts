import { afterEach, describe, expect, it } from 'vitest'

// eslint-disable-next-line no-restricted-imports -- the test hook that stands in for the global WebAssembly
import { restartKernels } from '../../src/internal/kernels.js'
import { fromFunction, kernels, matmul, toArray } from 'tensorial'

class CompileError extends Error {
  override readonly name = 'CompileError'
}

/** A WebAssembly stand-in whose compilation throws `error`. */
const refusing = (error: Error) => ({
  Module: class {
    constructor() {
      throw error
    }
  },
  Instance: class {},
  validate: () => true,
})

/** A 40×40 product checked against the naive triple loop: the fallback kernel computes what the WebAssembly one did. */
const productIsRight = (): boolean => {
  const a = fromFunction([40, 40], ([i, p]) => Math.sin(i * 40 + p + 1))
  const b = fromFunction([40, 40], ([p, j]) => Math.cos(0.7 * (p * 40 + j)))
  const c = toArray(matmul(a, b))
  const A = toArray(a)
  const B = toArray(b)
  for (let i = 0; i < 40; i++)
    for (let j = 0; j < 40; j++) {
      let s = 0
      for (let p = 0; p < 40; p++) s += (A[i] as Array<number>)[p]! * (B[p] as Array<number>)[j]!
      if (Math.abs(s - (c[i] as Array<number>)[j]!) > 1e-12) return false
    }
  return true
}

describe('kernels()', () => {
  afterEach(() => restartKernels())

  it('reports the WebAssembly SIMD kernel on this Node', () => {
    expect(kernels()).toEqual({ matmul: 'wasm-simd', reason: 'WebAssembly SIMD available' })
    expect(productIsRight()).toBe(true)
  })

  it('reports JavaScript when there is no WebAssembly, and products still come out right', () => {
    restartKernels(undefined)
    expect(kernels()).toEqual({ matmul: 'js', reason: 'WebAssembly is not available in this runtime' })
    expect(productIsRight()).toBe(true)
  })

  it('reports JavaScript when the runtime has WebAssembly without SIMD', () => {
    restartKernels({ ...refusing(new Error('unreachable')), validate: () => false })
    expect(kernels()).toEqual({ matmul: 'js', reason: 'WebAssembly SIMD is not supported by this runtime' })
    expect(productIsRight()).toBe(true)
  })

  it.each([
    [
      'V8 (Chrome)',
      new CompileError(
        "WebAssembly.Module(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script in the following Content Security Policy directive: \"script-src 'self'\"",
      ),
    ],
    ['SpiderMonkey (Firefox)', new CompileError('call to WebAssembly.Module() blocked by CSP')],
    [
      'JavaScriptCore (Safari)',
      new EvalError(
        "Refused to create a WebAssembly object because 'unsafe-eval' or 'wasm-unsafe-eval' is not an allowed source of script",
      ),
    ],
  ])('says a Content Security Policy blocked WebAssembly, as %s words it', (_, error) => {
    restartKernels(refusing(error))
    expect(kernels()).toEqual({
      matmul: 'js',
      reason: "WebAssembly blocked by the Content Security Policy (script-src needs 'wasm-unsafe-eval')",
    })
    expect(productIsRight()).toBe(true)
  })

  it('passes on any other compilation failure with the runtime’s words', () => {
    restartKernels(refusing(new CompileError('WebAssembly.Module(): expected magic word 00 61 73 6d')))
    expect(kernels()).toEqual({
      matmul: 'js',
      reason: 'WebAssembly compilation failed: CompileError: WebAssembly.Module(): expected magic word 00 61 73 6d',
    })
  })

  it('claims no switch it did not make: TENSORIAL_RELAXED_SIMD=off where relaxed SIMD is missing keeps the plain report', () => {
    // Node 20 without --experimental-wasm-relaxed-simd; test/internal/relaxed-simd.test.ts runs it with the flag
    process.env['TENSORIAL_RELAXED_SIMD'] = 'off'
    try {
      restartKernels()
      expect(kernels()).toEqual({ matmul: 'wasm-simd', reason: 'WebAssembly SIMD available' })
    } finally {
      delete process.env['TENSORIAL_RELAXED_SIMD']
    }
  })

  it('returns the same report on every call, and the kernel is back after a restart', () => {
    restartKernels(undefined)
    expect(kernels().matmul).toBe('js')
    restartKernels()
    expect(kernels()).toBe(kernels())
    expect(kernels().matmul).toBe('wasm-simd')
  })
})
