/**
 * Arenas in the kernels' module memory (src/internal/kernels.ts `moduleArena`): placement (aligned, disjoint,
 * zeroed, first fit, given back once), products in place with the bits of `gemm`/`gemmF32` for every
 * transposition (bias added on the way out as a JavaScript loop adds it), and the elementwise loops against
 * their JavaScript twins. Shared arenas (`sharedArenas`, `attachArena`: the arena of a plan on workers, in one
 * shared memory that two instances of the kernels import): the same products, each instance packing into its own
 * scratch.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import {
  arenaMap,
  arenaProduct,
  arenaScratch,
  attachArena,
  gemm,
  gemmF32,
  sharedArenas,
  sharedVariant,
} from '../../src/internal/kernels.js'
import { activationBackward, activationForward } from '../../src/internal/plan-ops.js'
import { arena, random } from './arena-helpers.js'

type Buf = Float64Array | Float32Array

describe('module arenas', () => {
  it('are 64-byte aligned, disjoint, zeroed, below the scratch, reuse a freed gap, and release once', () => {
    const live = arenaMap().arenas.length
    const a = arena(1000)
    new Uint8Array(a.buffer(), a.offset, a.bytes).fill(7)
    const b = arena(5000, 1 << 16)
    const c = arena(300)
    for (const x of [a, b, c]) {
      expect(x.offset % 64).toBe(0)
      expect(x.bytes % 64).toBe(0)
      expect(arenaMap().base).toBeGreaterThanOrEqual(x.offset + x.bytes)
    }
    const ranges = [a, b, c].map((x) => [x.offset, x.offset + x.bytes] as const).sort((p, q) => p[0] - q[0])
    for (let i = 1; i < ranges.length; i++)
      expect((ranges[i] as ReadonlyArray<number>)[0]).toBeGreaterThanOrEqual(
        (ranges[i - 1] as ReadonlyArray<number>)[1] as number,
      )
    expect(arenaMap().base + (1 << 16)).toBeLessThanOrEqual(arenaMap().bytes)
    a.release()
    a.release()
    expect(arenaMap().arenas.length).toBe(live + 2)
    // the freed (dirty) gap is taken again, zeroed
    const d = arena(900)
    expect(d.offset).toBe(a.offset)
    expect(new Uint8Array(d.buffer(), d.offset, d.bytes).every((v) => v === 0)).toBe(true)
    for (const x of [b, c, d]) x.release()
    expect(arenaMap().arenas.length).toBe(live)
  })

  it('multiply in place with the bits of gemm and gemmF32, bias or not, every transposition', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 37 }),
        fc.integer({ min: 2, max: 37 }),
        fc.integer({ min: 2, max: 37 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e6 }),
        (m, n, k, transA, transB, f32, withBias, seed) => {
          fc.pre(arenaProduct(m, n, k))
          const E = f32 ? 4 : 8
          const make = (len: number, at: number): Buf =>
            f32 ? new Float32Array(x.buffer(), x.offset + at, len) : new Float64Array(x.buffer(), x.offset + at, len)
          const sizes = [m * k, k * n, m * n, n]
          const bytes = sizes.reduce((s, l) => s + Math.ceil((l * E) / 64) * 64, 0)
          const x = arena(bytes, arenaScratch(f32, m, n, k))
          try {
            let at = 0
            const [A, B, C, bias] = sizes.map((l) => {
              const v = make(l, at)
              at += Math.ceil((l * E) / 64) * 64
              return v
            }) as [Buf, Buf, Buf, Buf]
            A.set(random(m * k, seed))
            B.set(random(k * n, seed + 1))
            bias.set(random(n, seed + 2))
            x.gemm(
              f32,
              transA,
              transB,
              m,
              n,
              k,
              A.byteOffset,
              B.byteOffset,
              C.byteOffset,
              withBias ? bias.byteOffset : -1,
            )
            const want: Buf = f32 ? new Float32Array(m * n) : new Float64Array(m * n)
            if (f32) gemmF32(transA, transB, m, n, k, Float32Array.from(A), Float32Array.from(B), want as Float32Array)
            else gemm(transA, transB, m, n, k, Float64Array.from(A), Float64Array.from(B), want as Float64Array, false)
            if (withBias)
              for (let i = 0; i < m; i++)
                for (let j = 0; j < n; j++) want[i * n + j] = (want[i * n + j] as number) + (bias[j] as number)
            expect(Array.from(C)).toStrictEqual(Array.from(want))
          } finally {
            x.release()
          }
        },
      ),
      { numRuns: 120 },
    )
  })

  it('colsum and l2 give the bits of the JavaScript loops, float64 and float32', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 41 }),
        fc.boolean(),
        fc.double({ min: 1e-6, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 1e6 }),
        (m, n, f32, lam, seed) => {
          const E = f32 ? 4 : 8
          const x = arena((m * n + 2 * n + m * n) * E + 256)
          try {
            const make = (len: number, at: number): Buf =>
              f32
                ? new Float32Array(x.buffer(), x.offset + at * E, len)
                : new Float64Array(x.buffer(), x.offset + at * E, len)
            const d = make(m * n, 0)
            const out = make(n, m * n)
            d.set(random(m * n, seed).map((v) => v * 1e3))
            x.loops(f32).colsum(d.byteOffset, m, n, out.byteOffset)
            const want = f32 ? new Float32Array(n) : new Float64Array(n)
            for (let i = 0; i < m; i++)
              for (let j = 0; j < n; j++) want[j] = (want[j] as number) + (d[i * n + j] as number)
            expect(Array.from(out)).toStrictEqual(Array.from(want))
            // l2 on pairs: g = 1·g + λ·w
            const g = make(m * n, m * n + n)
            g.set(random(m * n, seed + 3))
            const g2 = f32 ? Float32Array.from(g) : Float64Array.from(g)
            const pairs = (m * n) >> 1
            x.loops(f32).l2(g.byteOffset, d.byteOffset, pairs, lam)
            for (let i = 0; i < 2 * pairs; i++) g2[i] = 1 * (g2[i] as number) + lam * (d[i] as number)
            expect(Array.from(g)).toStrictEqual(Array.from(g2))
          } finally {
            x.release()
          }
        },
      ),
      { numRuns: 150 },
    )
  })
  it("relu, leaky ReLU and the σ' of relu, leaky ReLU, sigmoid, tanh give the bits of plan-ops.ts's loops", () => {
    const special = fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-310, -1e-310, 3.4e38, -1e39)
    const entry = fc.oneof(
      { weight: 6, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) },
      { weight: 1, arbitrary: special },
    )
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 45 }),
        fc.boolean(),
        fc.constantFrom(0.01, 0.2, 1.5),
        fc.array(entry, { minLength: 135, maxLength: 135 }),
        (len, f32, alpha, xs) => {
          const E = f32 ? 4 : 8
          const x = arena(3 * 64 * E)
          try {
            const make = (k: number): Buf =>
              f32
                ? new Float32Array(x.buffer(), x.offset + k * 64 * E, len)
                : new Float64Array(x.buffer(), x.offset + k * 64 * E, len)
            const copy = (v: Buf): Buf => (f32 ? Float32Array.from(v) : Float64Array.from(v))
            const [z, a, g] = [make(0), make(1), make(2)]
            for (const [kind, leaky] of [
              ['relu', 0],
              ['leakyRelu', 1],
            ] as const) {
              z.set(xs.slice(0, len))
              const want = copy(z)
              activationForward(kind, alpha, want, want, 1, len)
              x.loops(f32).relu(z.byteOffset, a.byteOffset, len, alpha, leaky)
              expect(Array.from(a), kind).toStrictEqual(Array.from(want))
            }
            for (const [kind, code] of [
              ['relu', 0],
              ['leakyRelu', 1],
              ['sigmoid', 2],
              ['tanh', 3],
            ] as const) {
              z.set(xs.slice(0, len))
              a.set(xs.slice(len, 2 * len).map((v) => (kind === 'sigmoid' || kind === 'tanh' ? Math.tanh(v) : v)))
              g.set(xs.slice(2 * len, 3 * len))
              const want = copy(g)
              activationBackward(kind, alpha, copy(z), copy(a), want, 1, len)
              x.loops(f32).actbwd(z.byteOffset, a.byteOffset, g.byteOffset, len, code, alpha)
              expect(Array.from(g), kind).toStrictEqual(Array.from(want))
            }
          } finally {
            x.release()
          }
        },
      ),
      { numRuns: 200 },
    )
  })

  it('shared: two instances of the kernels on one shared memory multiply in place with the bits of gemm', () => {
    const [m, n, k] = [33, 21, 40]
    const sh = sharedArenas(8 * (m * k + k * n + 2 * m * n), 2, arenaScratch(false, m, n, k))
    if (typeof sh === 'string') throw new Error(sh)
    expect(sh.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(sh.scratchOf(1) - sh.scratchOf(0)).toBeGreaterThanOrEqual(arenaScratch(false, m, n, k))
    expect(sh.scratchOf(0)).toBeGreaterThanOrEqual(sh.arena.bytes)
    const other = attachArena(sh.module, sh.memory, sh.arena.bytes, sh.scratchOf(1), sh.scratchBytes)
    expect(other.buffer()).toBe(sh.buffer)
    const A = new Float64Array(sh.buffer, 0, m * k)
    const B = new Float64Array(sh.buffer, A.byteLength, k * n)
    const C0 = new Float64Array(sh.buffer, A.byteLength + B.byteLength, m * n)
    const C1 = new Float64Array(sh.buffer, A.byteLength + B.byteLength + C0.byteLength, m * n)
    A.set(random(m * k, 5))
    B.set(random(k * n, 6))
    sh.arena.gemm(false, false, true, m, n, k, A.byteOffset, B.byteOffset, C0.byteOffset, -1)
    other.gemm(false, false, true, m, n, k, A.byteOffset, B.byteOffset, C1.byteOffset, -1)
    const want = new Float64Array(m * n)
    gemm(false, true, m, n, k, A.slice(), B.slice(), want, false)
    expect(Array.from(C0)).toStrictEqual(Array.from(want))
    expect(Array.from(C1)).toStrictEqual(Array.from(want))
  })

  it('shared: a sentence where shared memory is refused; sharedVariant refuses a module that imports', () => {
    const wa = (globalThis as unknown as { WebAssembly: { Memory: unknown } }).WebAssembly
    const Memory = wa.Memory
    try {
      wa.Memory = function (): unknown {
        throw new TypeError('SharedArrayBuffer is not available')
      }
      expect(sharedArenas(1024, 2, 1024)).toMatch(/^no shared WebAssembly memory here \(TypeError: /)
    } finally {
      wa.Memory = Memory
    }
    expect(sharedArenas(2 ** 30, 2, 1024)).toBe('the arena would pass 1 GiB')
    // (module (import "a" "b" (func))): magic, version, a type section, an import section
    const importing = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 2, 7, 1, 1, 97, 1, 98, 0, 0])
    expect(() => sharedVariant(importing)).toThrow(/already imports/)
  })
})
