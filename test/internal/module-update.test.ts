/**
 * `applyRuleInModule` (src/internal/module-update.ts, elementwise.wat's rules) against `applyRule` on the same
 * entries: every rule and option, float64 and float32 storage, odd and even lengths, gradients holding NaN, ±∞
 * and entries that overflow: the same θ and slots bit for bit, and the same finiteness flag. And
 * `updateShareInModule` (the reduction `G = G₀ + G₁ + …`, the L2 term and the rule on one thread's range) against
 * `updateShare`.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { moduleArena } from '../../src/internal/kernels.js'
import { applyRuleInModule, updateShareInModule } from '../../src/internal/module-update.js'
import { applyRule, updateShare, type UpdateTensor } from '../../src/internal/worker-update.js'
import type { OptimizerSpec } from '../../src/train/optimizer.js'

type Buf = Float64Array | Float32Array

const common = fc.record({
  weightDecay: fc.constantFrom(0, 0.01, 0.5),
  decayBiases: fc.boolean(),
})
const specArb: fc.Arbitrary<OptimizerSpec> = fc
  .oneof(
    common.map((c) => ({ name: 'sgd' as const, ...c })),
    fc
      .tuple(common, fc.double({ min: 0, max: 0.99, noNaN: true }), fc.boolean())
      .map(([c, gamma, nesterov]) => ({ name: 'momentum' as const, gamma, nesterov, ...c })),
    fc
      .tuple(common, fc.constantFrom(0, 1e-10, 1e-3))
      .map(([c, epsilon]) => ({ name: 'adagrad' as const, epsilon, ...c })),
    fc
      .tuple(common, fc.double({ min: 0, max: 0.999, noNaN: true }), fc.constantFrom(0, 1e-8, 1e-6))
      .map(([c, rho, epsilon]) => ({ name: 'rmsprop' as const, rho, epsilon, ...c })),
    fc
      .tuple(
        common,
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 0.9999, noNaN: true }),
        fc.constantFrom(0, 1e-8),
      )
      .map(([c, beta1, beta2, epsilon]) => ({ name: 'adam' as const, beta1, beta2, epsilon, ...c })),
  )
  .map((s) => ({ ...s, eta: 0.1 }) as unknown as OptimizerSpec)

// mostly ordinary numbers, with zeros (0/0 under ε = 0), huge ones (overflow, in float32 first) and non-finite ones
const entry = fc.oneof(
  { weight: 12, arbitrary: fc.double({ min: -3, max: 3, noNaN: true }) },
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.constantFrom(1e38, -3e38, 1e300, NaN, Infinity, -Infinity) },
)

const slotsOf = (spec: OptimizerSpec): number => (spec.name === 'sgd' ? 0 : spec.name === 'adam' ? 2 : 1)

describe('the optimizer rules in module memory', () => {
  it('equal applyRule bit for bit: θ, the slots and the finiteness flag', () => {
    const arena = moduleArena(64 * 1024, 0)
    expect(arena).toBeDefined()
    const a = arena as NonNullable<typeof arena>
    try {
      fc.assert(
        fc.property(
          specArb,
          fc.constantFrom('f64', 'f32'),
          fc.integer({ min: 1, max: 41 }),
          fc.integer({ min: 1, max: 50 }),
          fc.double({ min: 1e-4, max: 2, noNaN: true }),
          fc.boolean(),
          fc.array(entry, { minLength: 4 * 41, maxLength: 4 * 41 }),
          fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 41, maxLength: 41 }),
          (spec, precision, len, t, eta, matrix, gs, ws) => {
            const f32 = precision === 'f32'
            const E = f32 ? 4 : 8
            const make = (k: number): Buf =>
              f32
                ? new Float32Array(a.buffer(), a.offset + k * 64 * E, len)
                : new Float64Array(a.buffer(), a.offset + k * 64 * E, len)
            const copy = (x: Buf): Buf => (f32 ? Float32Array.from(x) : Float64Array.from(x))
            const w = make(0)
            const g = make(1)
            const slots = Array.from({ length: slotsOf(spec) }, (_, k) => make(2 + k))
            for (let i = 0; i < len; i++) {
              w[i] = ws[i] as number
              g[i] = gs[i] as number
              // second moments are never negative; momentum may be
              slots.forEach(
                (s, k) =>
                  (s[i] =
                    spec.name === 'momentum' ? (gs[len + i] as number) : Math.abs(gs[(k + 1) * len + i] as number)),
              )
            }
            const [w2, g2, slots2] = [copy(w), copy(g), slots.map(copy)]
            const fm = applyRuleInModule(a.loops(f32), spec, t, eta, matrix, w, g, slots)
            const fj = applyRule(spec, t, eta, matrix, w2, g2, slots2, 0, len)
            expect(Object.is(fm, fj) || (Number.isNaN(fm) && Number.isNaN(fj))).toBe(true)
            expect(Array.from(w)).toStrictEqual(Array.from(w2))
            slots.forEach((s, k) => expect(Array.from(s)).toStrictEqual(Array.from(slots2[k] as Buf)))
            expect(Array.from(g)).toStrictEqual(Array.from(g2))
          },
        ),
        { numRuns: 400 },
      )
    } finally {
      a.release()
    }
  })

  it("a thread's share of a data-parallel update equals updateShare: reduction, L2, rule, flags", () => {
    const arena = moduleArena(256 * 1024, 0)
    expect(arena).toBeDefined()
    const a = arena as NonNullable<typeof arena>
    try {
      fc.assert(
        fc.property(
          specArb,
          fc.constantFrom('f64', 'f32'),
          fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 3 }),
          fc.integer({ min: 2, max: 4 }),
          fc.boolean(),
          fc.double({ min: 0, max: 0.1, noNaN: true }),
          fc.array(entry, { minLength: 97 * 8, maxLength: 97 * 8 }),
          (spec, precision, lengths, used, l2, lam, xs) => {
            const f32 = precision === 'f32'
            const E = f32 ? 4 : 8
            let at = 0
            // every buffer a fresh block of the arena (module side) and a copy in the JavaScript heap
            const make = (len: number, from: number): readonly [Buf, Buf] => {
              const m = f32
                ? new Float32Array(a.buffer(), a.offset + at, len)
                : new Float64Array(a.buffer(), a.offset + at, len)
              at += Math.ceil((len * E) / 16) * 16
              for (let i = 0; i < len; i++) {
                const v = xs[(from + i) % xs.length] as number
                m[i] = v
              }
              return [m, f32 ? Float32Array.from(m) : Float64Array.from(m)]
            }
            const pairs = lengths.map((len, j) => {
              const [w, w2] = make(len, 7 * j)
              const [g, g2] = make(len, 7 * j + 101)
              const others = Array.from({ length: used - 1 }, (_, s) => make(len, 7 * j + 211 + 97 * s))
              const slots = Array.from({ length: slotsOf(spec) }, (_, k) => {
                const [s1, s2] = make(len, 7 * j + 503 + 97 * k)
                for (let i = 0; i < len; i++) {
                  s1[i] = spec.name === 'momentum' ? (s1[i] as number) : Math.abs(s1[i] as number)
                  s2[i] = s1[i] as number
                }
                return [s1, s2] as const
              })
              const tensor = (pick: 0 | 1): UpdateTensor => ({
                matrix: j % 2 === 0,
                w: pick === 0 ? w : w2,
                g: pick === 0 ? g : g2,
                others: others.map((o) => o[pick]),
                slots: slots.map((s) => s[pick]),
              })
              return [tensor(0), tensor(1)] as const
            })
            const inModule = pairs.map((p) => p[0])
            const inJs = pairs.map((p) => p[1])
            const fm = new Float64Array(lengths.length * used)
            const fj = new Float64Array(lengths.length * used)
            for (let k = 0; k < used; k++) {
              updateShareInModule(a.loops(f32), spec, 3, 0.05, lam, l2, inModule, used, k, fm, k * lengths.length)
              updateShare(spec, 3, 0.05, lam, l2, inJs, used, k, fj, k * lengths.length)
            }
            expect(Array.from(fm)).toStrictEqual(Array.from(fj))
            inModule.forEach((x, j) => {
              const y = inJs[j] as UpdateTensor
              expect(Array.from(x.w)).toStrictEqual(Array.from(y.w))
              expect(Array.from(x.g)).toStrictEqual(Array.from(y.g))
              x.slots.forEach((s, k) => expect(Array.from(s)).toStrictEqual(Array.from(y.slots[k] as Buf)))
            })
          },
        ),
        { numRuns: 300 },
      )
    } finally {
      a.release()
    }
  })

  it('float32: the finiteness flag at the edge of float32 (2¹²⁸ − 2¹⁰³ rounds to ∞, the number below it does not)', () => {
    const arena = moduleArena(1024, 0)
    expect(arena).toBeDefined()
    const a = arena as NonNullable<typeof arena>
    try {
      const edge = 2 ** 128 - 2 ** 103
      const below = edge - 2 ** 75 // the float64 just below that halfway point
      const spec = { name: 'sgd', eta: 1, weightDecay: 0, decayBiases: false } as unknown as OptimizerSpec
      for (const x of [edge, -edge, below, -below, 2 ** 128 - 2 ** 104, 2 ** 128, -1e300, Infinity]) {
        // θ = 1·0 − η·g = x exactly in float64, with g = ∓2¹²⁷ (a float32) and η = |x|/2¹²⁷
        const eta = Math.abs(x) / 2 ** 127
        const w = new Float32Array(a.buffer(), a.offset, 2).fill(0)
        const g = new Float32Array(a.buffer(), a.offset + 64, 2).fill(-Math.sign(x) * 2 ** 127)
        const w2 = new Float32Array(2)
        const g2 = Float32Array.from(g)
        expect(0 - eta * (g2[0] as number)).toBe(x)
        const fm = applyRuleInModule(a.loops(true), spec, 1, eta, true, w, g, [])
        const fj = applyRule(spec, 1, eta, true, w2, g2, [], 0, 2)
        expect([Array.from(w), Number.isNaN(fm)]).toStrictEqual([Array.from(w2), Number.isNaN(fj)])
        expect(Number.isNaN(fm)).toBe(Math.abs(x) >= edge)
      }
    } finally {
      a.release()
    }
  })
})
