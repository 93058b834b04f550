import { readFileSync } from 'node:fs'

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { Conv, fromArray, matmul, reshape, type Shape, type Tensor, tensor, toArray, toFlat } from 'tensorial'

import { expectClose, numericGrad, shapeErrorOf, unsafeRight } from '../util.js'

type S4 = readonly [number, number, number, number]
type T4 = Tensor<S4>

/** A tensor of a shape known only at run time (every dim `number`). */
const t4 = (data: ArrayLike<number>, shape: ReadonlyArray<number>): T4 =>
  unsafeRight(fromArray(data, shape as unknown as S4))

/** Seeded uniform entries in [-1, 1). */
const rand = (shape: ReadonlyArray<number>, seed: number): T4 => {
  let s = seed >>> 0 || 1
  const n = shape.reduce((p, d) => p * d, 1)
  const xs = Array.from({ length: n }, () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return ((s >>> 0) / 2 ** 32) * 2 - 1
  })
  return t4(xs, shape)
}

const dot = (a: Tensor<Shape>, b: Tensor<Shape>): number => {
  let s = 0
  for (let i = 0; i < a.data.length; i++) s += (a.data[i] as number) * (b.data[i] as number)
  return s
}

/** A stride: one for both axes, or `[SH, SW]`. */
type Stride = number | readonly [number, number]

/** The definition, seven loops: `Y[b,i,j,f] = Σ X[b, i·S + p − Pt, j·S + q − Pl, c] K[p,q,c,f]`. */
const naiveConv = (x: T4, k: T4, stride: Stride, padding: Conv.Padding): T4 => {
  const [B, H, W, C] = x.shape
  const [KH, KW, , F] = k.shape
  const [sh, sw] = typeof stride === 'number' ? [stride, stride] : stride
  const side = (n: number, kk: number, s: number) => {
    if (padding === 'valid') return { out: Math.floor((n - kk) / s) + 1, before: 0 }
    const out = Math.ceil(n / s)
    return { out, before: Math.floor(Math.max((out - 1) * s + kk - n, 0) / 2) }
  }
  const hs = side(H, KH, sh)
  const ws = side(W, KW, sw)
  const out = new Float64Array(B * hs.out * ws.out * F)
  for (let b = 0; b < B; b++)
    for (let i = 0; i < hs.out; i++)
      for (let j = 0; j < ws.out; j++)
        for (let f = 0; f < F; f++) {
          let acc = 0
          for (let p = 0; p < KH; p++)
            for (let q = 0; q < KW; q++) {
              const y = i * sh + p - hs.before
              const xx = j * sw + q - ws.before
              if (y < 0 || y >= H || xx < 0 || xx >= W) continue
              for (let c = 0; c < C; c++)
                acc +=
                  (x.data[((b * H + y) * W + xx) * C + c] as number) *
                  (k.data[((p * KW + q) * C + c) * F + f] as number)
            }
          out[((b * hs.out + i) * ws.out + j) * F + f] = acc
        }
  return t4(out, [B, hs.out, ws.out, F])
}

const conv = (x: T4, k: T4, stride: Stride, padding: Conv.Padding): T4 => Conv.conv2d(x, k, { stride, padding })

// -------------------------------------------------------------------------------------
// forward
// -------------------------------------------------------------------------------------

describe('conv2d', () => {
  it('computes a small cross-correlation by hand', () => {
    // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], k = [[1, 0], [0, -1]]: y_ij = x_ij − x_(i+1)(j+1) = −4 everywhere
    const x = tensor([
      [
        [[1], [2], [3]],
        [[4], [5], [6]],
        [[7], [8], [9]],
      ],
    ])
    const k = tensor([
      [[[1]], [[0]]],
      [[[0]], [[-1]]],
    ])
    const y = Conv.conv2d(x, k)
    expect(y.shape).toEqual([1, 2, 2, 1])
    expect(toArray(y)).toEqual([
      [
        [[-4], [-4]],
        [[-4], [-4]],
      ],
    ])
    // 'same', stride 2: ⌈3/2⌉ = 2, pad = (2 − 1)·2 + 2 − 3 = 1, all of it after: windows at rows/cols 0 and 2
    const z = Conv.conv2d(x, k, { stride: 2, padding: 'same' })
    expect(z.shape).toEqual([1, 2, 2, 1])
    expect(toFlat(z)).toEqual([1 - 5, 3 - 0, 7 - 0, 9])
  })

  it('equals the seven-loop definition for random geometries, strides and paddings', () => {
    fc.assert(
      fc.property(
        fc.record({
          b: fc.integer({ min: 0, max: 2 }),
          h: fc.integer({ min: 1, max: 7 }),
          w: fc.integer({ min: 1, max: 7 }),
          c: fc.integer({ min: 1, max: 3 }),
          kh: fc.integer({ min: 1, max: 4 }),
          kw: fc.integer({ min: 1, max: 4 }),
          f: fc.integer({ min: 1, max: 3 }),
          s: fc.integer({ min: 1, max: 3 }),
          same: fc.boolean(),
          seed: fc.integer({ min: 1, max: 1e9 }),
        }),
        ({ b, h, w, c, kh, kw, f, s, same, seed }) => {
          const padding = same ? 'same' : 'valid'
          if (!same && (kh > h || kw > w || (h - kh) % s !== 0 || (w - kw) % s !== 0)) return
          const x = rand([b, h, w, c], seed)
          const k = rand([kh, kw, c, f], seed + 1)
          expectClose(conv(x, k, s, padding), naiveConv(x, k, s, padding), { rel: 1e-12, abs: 1e-12 })
        },
      ),
      { numRuns: 200 },
    )
  })

  it('equals the seven-loop definition with a stride per axis [SH, SW] and rectangular kernels', () => {
    fc.assert(
      fc.property(
        fc.record({
          b: fc.integer({ min: 1, max: 2 }),
          h: fc.integer({ min: 1, max: 9 }),
          w: fc.integer({ min: 1, max: 9 }),
          c: fc.integer({ min: 1, max: 3 }),
          kh: fc.integer({ min: 1, max: 4 }),
          kw: fc.integer({ min: 1, max: 4 }),
          sh: fc.integer({ min: 1, max: 3 }),
          sw: fc.integer({ min: 1, max: 3 }),
          same: fc.boolean(),
          seed: fc.integer({ min: 1, max: 1e9 }),
        }),
        ({ b, h, w, c, kh, kw, sh, sw, same, seed }) => {
          const padding = same ? 'same' : 'valid'
          if (!same && (kh > h || kw > w || (h - kh) % sh !== 0 || (w - kw) % sw !== 0)) return
          const x = rand([b, h, w, c], seed)
          const k = rand([kh, kw, c, 2], seed + 1)
          const y = conv(x, k, [sh, sw], padding)
          expectClose(y, naiveConv(x, k, [sh, sw], padding), { rel: 1e-12, abs: 1e-12 })
          if (sh === sw) expect(toFlat(y)).toEqual(toFlat(conv(x, k, sh, padding)))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('splits a large batch into im2col chunks without changing the result', () => {
    // 64·64 windows of 5·5·16 entries is more than 2^20 per example: one example per chunk
    const x = rand([2, 64, 64, 16], 7)
    const k = rand([5, 5, 16, 2], 8)
    expectClose(conv(x, k, 1, 'same'), naiveConv(x, k, 1, 'same'), { rel: 1e-11, abs: 1e-11 })
  })

  it('is linear in the input and in the kernel', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.double({ min: -3, max: 3, noNaN: true }), (seed, a) => {
        const x1 = rand([2, 5, 6, 2], seed)
        const x2 = rand([2, 5, 6, 2], seed + 1)
        const k1 = rand([3, 3, 2, 3], seed + 2)
        const k2 = rand([3, 3, 2, 3], seed + 3)
        const comb = (u: T4, v: T4): T4 =>
          t4(
            toFlat(u).map((ui, i) => a * ui + (v.data[i] as number)),
            u.shape,
          )
        const lhs = conv(comb(x1, x2), k1, 2, 'same')
        const rhs = comb(conv(x1, k1, 2, 'same'), conv(x2, k1, 2, 'same'))
        expectClose(lhs, rhs, { rel: 1e-12, abs: 1e-12 })
        expectClose(conv(x1, comb(k1, k2), 1, 'valid'), comb(conv(x1, k1, 1, 'valid'), conv(x1, k2, 1, 'valid')), {
          rel: 1e-12,
          abs: 1e-12,
        })
      }),
      { numRuns: 30 },
    )
  })

  it('with a 1×1 kernel is the matrix product [B·H·W, C]·[C, F]', () => {
    const x = rand([2, 3, 4, 5], 3)
    const k = rand([1, 1, 5, 6], 4)
    const xm = unsafeRight(reshape(x, [24, 5] as const))
    const km = unsafeRight(reshape(k, [5, 6] as const))
    expectClose(toFlat(conv(x, k, 1, 'valid')), toFlat(matmul(xm, km)), { rel: 1e-13, abs: 1e-13 })
  })

  it("with 'same' padding and stride 1 keeps the height and width, and ⌈H/S⌉ with stride S", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        (h, w, kk, s) => {
          const y = conv(rand([1, h, w, 1], h * 31 + w), rand([kk, kk, 1, 2], kk), s, 'same')
          expect(y.shape).toEqual([1, Math.ceil(h / s), Math.ceil(w / s), 2])
        },
      ),
    )
  })

  it('does not mutate its inputs', () => {
    const x = rand([1, 4, 4, 2], 1)
    const k = rand([3, 3, 2, 2], 2)
    const before = [toFlat(x), toFlat(k)]
    const y = conv(x, k, 1, 'same')
    Conv.conv2dBackwardInput(x, k, y, { padding: 'same' })
    Conv.conv2dBackwardKernel(x, k, y, { padding: 'same' })
    expect([toFlat(x), toFlat(k)]).toEqual(before)
  })

  it('throws a ShapeError naming the fault and both shapes when dims known only at run time do not fit', () => {
    const x = rand([1, 13, 13, 3], 1)
    expect(shapeErrorOf(() => conv(x, rand([3, 3, 1, 8], 2), 1, 'valid')).message).toBe(
      'conv2d: input has 3 channels but the kernel expects 1 (shapes [1, 13, 13, 3] and [3, 3, 1, 8])',
    )
    expect(shapeErrorOf(() => conv(x, rand([3, 3, 3, 1], 2), 3, 'valid')).message).toBe(
      'conv2d: 13 is not divisible by 3 (the height) (shapes [1, 13, 13, 3] and [3, 3, 3, 1])',
    )
    expect(shapeErrorOf(() => conv(x, rand([4, 4, 3, 1], 2), 2, 'valid')).reason).toBe(
      '13 − 4 = 9 is not divisible by the stride 2 (the height)',
    )
    expect(shapeErrorOf(() => conv(rand([1, 4, 4, 1], 1), rand([5, 5, 1, 1], 2), 1, 'valid')).reason).toBe(
      'kernel 5 is larger than the input 4 (the height)',
    )
    expect(shapeErrorOf(() => conv(x, rand([3, 3, 3, 1], 2), 0, 'same')).reason).toBe(
      'the stride must be a positive integer, got 0',
    )
    expect(shapeErrorOf(() => Conv.conv2d(x, rand([3, 3, 3], 2) as never)).reason).toBe(
      'the kernel must be a rank-4 tensor, got rank 3',
    )
    const g = rand([1, 11, 11, 2], 3)
    expect(shapeErrorOf(() => Conv.conv2dBackwardInput(x, rand([3, 3, 3, 1], 2), g)).reason).toBe(
      'gradient shape [1, 11, 11, 2] != [1, 11, 11, 1]',
    )
  })
})

// -------------------------------------------------------------------------------------
// backward
// -------------------------------------------------------------------------------------

describe('conv2dBackwardInput and conv2dBackwardKernel', () => {
  const cases: ReadonlyArray<readonly [S4, S4, Stride, Conv.Padding]> = [
    [[2, 5, 5, 2], [3, 3, 2, 3], 1, 'valid'],
    [[2, 7, 5, 2], [3, 3, 2, 2], 2, 'valid'],
    [[1, 6, 7, 3], [5, 5, 3, 2], 2, 'same'],
    [[2, 4, 5, 2], [1, 1, 2, 3], 1, 'valid'],
    [[1, 5, 6, 2], [2, 3, 2, 2], 1, 'same'],
    [[2, 7, 8, 2], [3, 2, 2, 2], [2, 3], 'valid'],
    [[1, 7, 8, 2], [2, 4, 2, 3], [3, 2], 'same'],
  ]
  for (const [xs, ks, s, padding] of cases)
    it(`match central differences of Σ G ⊙ conv2d(x, k) for x ${xs.join('×')}, k ${ks.join('×')}, stride ${s}, ${padding}`, () => {
      const x = rand(xs, 11)
      const k = rand(ks, 12)
      const g = rand(conv(x, k, s, padding).shape, 13)
      const loss = (xx: T4, kk: T4): number => dot(conv(xx, kk, s, padding), g)
      expectClose(
        Conv.conv2dBackwardInput(x, k, g, { stride: s, padding }),
        numericGrad((t) => loss(t, k), x),
        {
          rel: 1e-8,
          abs: 1e-9,
        },
      )
      expectClose(
        Conv.conv2dBackwardKernel(x, k, g, { stride: s, padding }),
        numericGrad((t) => loss(x, t), k),
        {
          rel: 1e-8,
          abs: 1e-9,
        },
      )
    })

  it('are the adjoints of conv2d: ⟨conv2d(x, k), G⟩ = ⟨x, ∂X⟩ = ⟨k, ∂K⟩', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 1e9 }),
        (kk, c, s, same, seed) => {
          const padding = same ? 'same' : 'valid'
          const h = kk + 2 * s
          const x = rand([2, h, h + s, c], seed)
          const k = rand([kk, kk, c, 2], seed + 1)
          const y = conv(x, k, s, padding)
          const g = rand(y.shape, seed + 2)
          const v = dot(y, g)
          const scale = Math.abs(v) + 1
          expect(Math.abs(dot(x, Conv.conv2dBackwardInput(x, k, g, { stride: s, padding })) - v)).toBeLessThan(
            1e-12 * scale * 10,
          )
          expect(Math.abs(dot(k, Conv.conv2dBackwardKernel(x, k, g, { stride: s, padding })) - v)).toBeLessThan(
            1e-12 * scale * 10,
          )
        },
      ),
      { numRuns: 60 },
    )
  })
})

// -------------------------------------------------------------------------------------
// PyTorch
// -------------------------------------------------------------------------------------

interface Stored {
  readonly shape: ReadonlyArray<number>
  readonly data: ReadonlyArray<number>
}
interface Fixture {
  readonly conv: ReadonlyArray<{
    readonly x: Stored
    readonly kernel: Stored
    readonly stride: Stride
    readonly padding: Conv.Padding
    readonly y: Stored
    readonly g: Stored
    readonly dx: ReadonlyArray<number>
    readonly dk: ReadonlyArray<number>
  }>
  readonly pool: ReadonlyArray<{
    readonly kind: 'max' | 'avg'
    readonly x: Stored
    readonly size: Stride
    readonly stride: Stride
    readonly y: Stored
    readonly g: Stored
    readonly dx: ReadonlyArray<number>
  }>
}
const torch = JSON.parse(readFileSync('test/fixtures/conv-torch.json', 'utf8')) as Fixture
const of = (s: Stored): T4 => t4(s.data, s.shape)
/** Tolerance relative to the size of the summed terms (float64 sums in another order). */
const tol = { rel: 1e-12, abs: 1e-12 }

describe('PyTorch float64 (test/fixtures/conv-torch.json)', () => {
  it('covers kernels 1, 3 and 5, strides 1 and 2, both paddings and several channels', () => {
    const kinds = new Set(torch.conv.map((c) => `${c.kernel.shape[0]}/${c.stride}/${c.padding}`))
    for (const k of [1, 3, 5])
      for (const s of [1, 2]) for (const p of ['valid', 'same']) expect(kinds).toContain(`${k}/${s}/${p}`)
    expect(torch.conv.every((c) => (c.kernel.shape[2] as number) > 1 && (c.kernel.shape[3] as number) > 1)).toBe(true)
    expect(new Set(torch.pool.map((p) => p.kind))).toEqual(new Set(['max', 'avg']))
  })

  torch.conv.forEach((c, i) => {
    it(`conv ${i}: x ${c.x.shape.join('×')}, kernel ${c.kernel.shape.join('×')}, stride ${c.stride}, ${c.padding}: output, ∂X and ∂K`, () => {
      const x = of(c.x)
      const k = of(c.kernel)
      const g = of(c.g)
      const opts = { stride: c.stride, padding: c.padding }
      expectClose(Conv.conv2d(x, k, opts), of(c.y), { ...tol, scale: 10 })
      expectClose(toFlat(Conv.conv2dBackwardInput(x, k, g, opts)), c.dx, { ...tol, scale: 10 })
      expectClose(toFlat(Conv.conv2dBackwardKernel(x, k, g, opts)), c.dk, { ...tol, scale: 100 })
    })
  })

  torch.pool.forEach((p, i) => {
    it(`${p.kind} pool ${i}: x ${p.x.shape.join('×')}, window ${p.size}, stride ${p.stride}: output and ∂X`, () => {
      const x = of(p.x)
      const g = of(p.g)
      const y = p.kind === 'max' ? Conv.maxPool2d(x, p.size, p.stride) : Conv.avgPool2d(x, p.size, p.stride)
      const dx =
        p.kind === 'max'
          ? Conv.maxPool2dBackward(x, g, p.size, p.stride)
          : Conv.avgPool2dBackward(x, g, p.size, p.stride)
      expectClose(y, of(p.y), tol)
      expectClose(toFlat(dx), p.dx, tol)
    })
  })
})

// -------------------------------------------------------------------------------------
// pooling
// -------------------------------------------------------------------------------------

describe('maxPool2d and avgPool2d', () => {
  const x = tensor([
    [
      [[1], [3], [2], [2]],
      [[4], [0], [2], [1]],
      [[5], [5], [0], [9]],
      [[5], [1], [8], [9]],
    ],
  ])

  it('take the maximum and the mean of each window', () => {
    expect(toArray(Conv.maxPool2d(x, 2))).toEqual([
      [
        [[4], [2]],
        [[5], [9]],
      ],
    ])
    expect(toArray(Conv.avgPool2d(x, 2))).toEqual([
      [
        [[2], [1.75]],
        [[4], [6.5]],
      ],
    ])
    expect(Conv.maxPool2d(x, 3, 1).shape).toEqual([1, 2, 2, 1])
  })

  it('route the gradient to the first maximum of a window on ties, and spread it evenly for the mean', () => {
    const g = tensor([
      [
        [[1], [10]],
        [[100], [1000]],
      ],
    ])
    // window (0,1) has 2, 2 (row 0) and 2 (row 1): the first, x[0, 0, 2]; window (1,0) has four 5s but the
    // first is x[2, 0]; window (1,1) has 9 twice: x[2, 3]
    expect(toArray(Conv.maxPool2dBackward(x, g, 2))).toEqual([
      [
        [[0], [0], [10], [0]],
        [[1], [0], [0], [0]],
        [[100], [0], [0], [1000]],
        [[0], [0], [0], [0]],
      ],
    ])
    expect(toFlat(Conv.avgPool2dBackward(x, g, 2))).toEqual([
      0.25, 0.25, 2.5, 2.5, 0.25, 0.25, 2.5, 2.5, 25, 25, 250, 250, 25, 25, 250, 250,
    ])
  })

  it('have the gradients of central differences, overlapping windows included', () => {
    const xr = rand([2, 7, 7, 3], 21)
    const pairs: ReadonlyArray<readonly [Stride, Stride]> = [
      [2, 1],
      [3, 2],
      [1, 1],
      [
        [2, 3],
        [1, 2],
      ],
      [
        [3, 1],
        [2, 3],
      ],
    ]
    for (const [size, stride] of pairs) {
      const g = rand(Conv.avgPool2d(xr, size, stride).shape, 22)
      expectClose(
        Conv.avgPool2dBackward(xr, g, size, stride),
        numericGrad((t) => dot(Conv.avgPool2d(t, size, stride), g), xr),
        { rel: 1e-8, abs: 1e-9 },
      )
      expectClose(
        Conv.maxPool2dBackward(xr, g, size, stride),
        numericGrad((t) => dot(Conv.maxPool2d(t, size, stride), g), xr, 1e-7),
        { rel: 1e-7, abs: 1e-8 },
      )
    }
  })

  it('throw a ShapeError in our words when a run-time dim does not fit', () => {
    expect(shapeErrorOf(() => Conv.maxPool2d(rand([1, 14, 13, 8], 1), [2, 3])).reason).toBe(
      '13 is not divisible by 3 (the width), window [2, 3], stride [2, 3]',
    )
    expect(shapeErrorOf(() => Conv.maxPool2d(rand([1, 14, 12, 8], 1), [2, 0] as never)).reason).toBe(
      'the window must be a pair [height, width] of positive integers, got [2, 0]',
    )
    expect(shapeErrorOf(() => Conv.maxPool2d(rand([1, 13, 13, 8], 1), 2)).message).toBe(
      'maxPool2d: 13 is not divisible by 2 (the height), window 2, stride 2 (shapes [1, 13, 13, 8])',
    )
    expect(shapeErrorOf(() => Conv.avgPool2d(rand([1, 4, 5, 1], 1), 5)).reason).toBe(
      'window 5 is larger than the input 4 (the height), window 5, stride 5',
    )
    expect(shapeErrorOf(() => Conv.avgPool2d(rand([1, 4, 4, 1], 1), 0)).reason).toBe(
      'the window must be a positive integer, got 0',
    )
  })
})

// -------------------------------------------------------------------------------------
// to dense
// -------------------------------------------------------------------------------------

describe('flatten, denseHWC, addChannelBias', () => {
  it('flatten keeps the row-major order, and flattenBackward reshapes back', () => {
    const x = rand([2, 3, 2, 4], 5)
    const f = Conv.flatten(x)
    expect(f.shape).toEqual([2, 24])
    expect(toFlat(f)).toEqual(toFlat(x))
    const back = Conv.flattenBackward(x, f)
    expect(back.shape).toEqual([2, 3, 2, 4])
    expect(toFlat(back)).toEqual(toFlat(x))
  })

  it('denseHWC equals matmul(flatten(x), W reshaped), and its backward matches central differences', () => {
    const x = rand([3, 2, 3, 2], 9)
    const w = rand([2, 3, 2, 4], 10)
    const y = Conv.denseHWC(x, w)
    const ref = matmul(Conv.flatten(x), unsafeRight(reshape(w, [12, 4] as unknown as readonly [number, number])))
    expectClose(y, ref, { rel: 1e-13, abs: 1e-13 })
    const g = unsafeRight(
      fromArray([0.5, -1, 2, 0.25, 1, 1, -2, 3, 0.1, 0.2, 0.3, 0.4], [3, 4] as unknown as readonly [number, number]),
    )
    const { dx, dw } = Conv.denseHWCBackward(x, w, g)
    expectClose(
      dx,
      numericGrad((t) => dot(Conv.denseHWC(t, w), g), x),
      { rel: 1e-8, abs: 1e-9 },
    )
    expectClose(
      dw,
      numericGrad((t) => dot(Conv.denseHWC(x, t), g), w),
      { rel: 1e-8, abs: 1e-9 },
    )
  })

  it('addChannelBias adds β[c] to every pixel, and channelSums is its bias gradient', () => {
    const x = rand([2, 2, 3, 3], 4)
    const b = tensor([1, -2, 0.5])
    const y = Conv.addChannelBias(x, b as unknown as Tensor<readonly [number]>)
    toFlat(y).forEach((v, i) => expect(v).toBeCloseTo((x.data[i] as number) + [1, -2, 0.5][i % 3]!, 14))
    const g = rand([2, 2, 3, 3], 6)
    const sums = toFlat(Conv.channelSums(g))
    expectClose(
      sums,
      [0, 1, 2].map((c) =>
        toFlat(g)
          .filter((_, i) => i % 3 === c)
          .reduce((s, v) => s + v, 0),
      ),
    )
    expect(
      shapeErrorOf(() => Conv.addChannelBias(x, tensor([1, 2]) as unknown as Tensor<readonly [number]>)).reason,
    ).toBe('bias shape [2] != [3]')
  })

  it('denseHWC throws when the weights do not take the input dims known only at run time', () => {
    expect(shapeErrorOf(() => Conv.denseHWC(rand([1, 2, 2, 1], 1), rand([2, 3, 1, 4], 2))).reason).toBe(
      'the weights take inputs [2, 3, 1], not [2, 2, 1]',
    )
  })
})
