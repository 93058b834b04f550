import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'

import {
  eye,
  fill,
  fromArray,
  fromFunction,
  fromNested,
  get,
  isTensor,
  ones,
  scalar,
  ShapeError,
  type Tensor,
  tensor,
  toArray,
  toFlat,
  zeros,
} from 'tensorial'

import { arbShape, arbTensor, dyn, shapeErrorOf, unsafeLeft, unsafeRight } from '../util.js'

const m23 = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ])

describe('tensor (nested literal)', () => {
  it('infers rank 0 from a number', () => {
    const t = tensor(7)
    expect(t.shape).toEqual([])
    expect(toFlat(t)).toEqual([7])
    expect(toArray(t)).toBe(7)
  })

  it('builds rank 1', () => {
    const t = tensor([1, -2.5, 3])
    expect(t.shape).toEqual([3])
    expect(toFlat(t)).toEqual([1, -2.5, 3])
  })

  it('builds rank 2 in row-major order', () => {
    const t = m23()
    expect(t.shape).toEqual([2, 3])
    expect(toFlat(t)).toEqual([1, 2, 3, 4, 5, 6])
    expect(toArray(t)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ])
  })

  it('builds rank 3 in row-major order', () => {
    const t = tensor([
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [7, 8],
        [9, 10],
        [11, 12],
      ],
    ])
    expect(t.shape).toEqual([2, 3, 2])
    expect(toFlat(t)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(O.toUndefined(get(t, [1, 2, 0]))).toBe(11)
  })

  it('builds empty tensors: [] is [0], [[], []] is [2, 0]', () => {
    const e = tensor([])
    expect(e.shape).toEqual([0])
    expect(toFlat(e)).toEqual([])
    const e2 = tensor([[], []])
    expect(e2.shape).toEqual([2, 0])
    expect(toArray(e2)).toEqual([[], []])
  })

  it('keeps −0 and extreme finite values exactly', () => {
    const t = tensor([-0, Number.MAX_VALUE, Number.MIN_VALUE])
    expect(Object.is(toFlat(t)[0], -0)).toBe(true)
    expect(toFlat(t)).toEqual([-0, Number.MAX_VALUE, Number.MIN_VALUE])
  })

  it('copies the literal: mutating it afterwards changes nothing', () => {
    const rows: [[number, number], [number, number]] = [
      [1, 2],
      [3, 4],
    ]
    const t = tensor(rows)
    rows[0][0] = 99
    ;(rows as Array<Array<number>>).push([5, 6])
    expect(t.shape).toEqual([2, 2])
    expect(toFlat(t)).toEqual([1, 2, 3, 4])
  })

  // Regression: a non-finite entry used to end the copy and leave it and every later entry 0. Values written in
  // code may be any double, as with fill and scalar.
  it('does not silently drop a non-finite entry and the entries after it', () => {
    let t: Tensor<readonly [3]> | undefined
    try {
      t = tensor([1, Infinity, 3])
    } catch (e) {
      expect(e).toBeInstanceOf(ShapeError) // rejecting it is fine
      return
    }
    expect(toFlat(t)).toEqual([1, Infinity, 3]) // keeping it is fine
  })
})

describe('fromArray', () => {
  it('builds a tensor of the given shape from flat row-major data', () => {
    const t = unsafeRight(fromArray([1, 2, 3, 4, 5, 6], [2, 3]))
    expect(t.shape).toEqual([2, 3])
    expect(toArray(t)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ])
    expect(toArray(unsafeRight(fromArray([1, 2, 3, 4, 5, 6], [3, 2])))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ])
  })

  it('accepts rank 0, empty dims and typed arrays', () => {
    expect(toFlat(unsafeRight(fromArray([4], [])))).toEqual([4])
    expect(unsafeRight(fromArray([], [0, 3])).shape).toEqual([0, 3])
    expect(toFlat(unsafeRight(fromArray(Float32Array.of(0.5, 1.5), [2])))).toEqual([0.5, 1.5])
  })

  it('copies the data: mutating the source afterwards changes nothing', () => {
    const src = [1, 2, 3]
    const f64 = Float64Array.of(1, 2, 3)
    const a = unsafeRight(fromArray(src, [3]))
    const b = unsafeRight(fromArray(f64, [3]))
    src[0] = 99
    f64[0] = 99
    expect(toFlat(a)).toEqual([1, 2, 3])
    expect(toFlat(b)).toEqual([1, 2, 3])
    expect(b.data).not.toBe(f64)
  })

  it('is a Left on a length mismatch, naming both sizes and the shape', () => {
    const err = unsafeLeft(fromArray([1, 2, 3, 4, 5], [2, 3]))
    expect(err).toBeInstanceOf(ShapeError)
    expect(err._tag).toBe('ShapeError')
    expect(err.op).toBe('fromArray')
    expect(err.shapes).toEqual([[2, 3]])
    expect(err.message).toBe('fromArray: data length 5 != 6, the size of [2, 3] (shapes [2, 3])')
    expect(unsafeLeft(fromArray([1], [0])).message).toContain('data length 1 != 0')
  })

  it.each([NaN, Infinity, -Infinity])('is a Left on the non-finite entry %s, naming its index', (bad) => {
    const err = unsafeLeft(fromArray([1, 2, bad, 4], [2, 2]))
    expect(err.op).toBe('fromArray')
    expect(err.message).toBe(`fromArray: data[2]: expected a finite number, got ${String(bad)} (shapes [2, 2])`)
  })

  it('is a Left on a non-number entry smuggled past the types', () => {
    const err = unsafeLeft(fromArray(['1', 2] as unknown as ReadonlyArray<number>, [2]))
    expect(err.message).toContain('data[0]: expected a finite number, got "1"')
  })

  it.each([[[-1, 2]], [[2, 1.5]], [[NaN]], [[Infinity]], [[2 ** 53]]])('is a Left on the invalid dims %j', (shape) => {
    const err = unsafeLeft(fromArray([], shape as never))
    expect(err.op).toBe('fromArray')
    expect(err.message).toContain('every dim must be a non-negative integer')
    expect(err.shapes).toEqual([shape])
  })

  it('accepts dynamic dims, checked at run time', () => {
    const n = dyn(2)
    const t = unsafeRight(fromArray([1, 2, 3, 4, 5, 6], [n, 3]))
    expect(t.shape).toEqual([2, 3])
    expect(E.isLeft(fromArray([1, 2, 3], [n, 3]))).toBe(true)
  })
})

describe('fromNested', () => {
  it('builds rank 0, 1, 2 and 3 tensors from run-time arrays', () => {
    expect(toFlat(unsafeRight(fromNested(3, [])))).toEqual([3])
    expect(toFlat(unsafeRight(fromNested([1, 2], [2])))).toEqual([1, 2])
    const data: Array<Array<number>> = JSON.parse('[[1, 2, 3], [4, 5, 6]]')
    const t = unsafeRight(fromNested(data, [dyn(2), dyn(3)]))
    expect(t.shape).toEqual([2, 3])
    expect(toFlat(t)).toEqual([1, 2, 3, 4, 5, 6])
    const t3 = unsafeRight(
      fromNested(
        [
          [[1], [2]],
          [[3], [4]],
        ],
        [2, 2, 1],
      ),
    )
    expect(toFlat(t3)).toEqual([1, 2, 3, 4])
  })

  it('accepts empty dims', () => {
    expect(unsafeRight(fromNested([], [0])).shape).toEqual([0])
    expect(unsafeRight(fromNested([[], [], []], [3, 0])).shape).toEqual([3, 0])
    expect(unsafeRight(fromNested([], [0, 5])).shape).toEqual([0, 5])
  })

  it('copies the data', () => {
    const rows = [[1, 2]]
    const t = unsafeRight(fromNested(rows, [1, 2]))
    ;(rows[0] as Array<number>)[1] = 99
    expect(toFlat(t)).toEqual([1, 2])
  })

  it('is a Left naming the path of a ragged row', () => {
    const err = unsafeLeft(
      fromNested(
        [
          [1, 2, 3],
          [4, 5],
        ],
        [2, 3],
      ),
    )
    expect(err).toBeInstanceOf(ShapeError)
    expect(err.op).toBe('fromNested')
    expect(err.reason).toBe('[1]: expected length 3, got 2')
    expect(err.message).toBe('fromNested: [1]: expected length 3, got 2 (shapes [2, 3])')
  })

  it('is a Left naming the full path at depth', () => {
    const err = unsafeLeft(
      fromNested(
        [
          [[1], [2]],
          [[3], [4, 5]],
        ],
        [2, 2, 1],
      ),
    )
    expect(err.reason).toBe('[1][1]: expected length 1, got 2')
  })

  it('is a Left when the outer length is wrong, at the root', () => {
    expect(unsafeLeft(fromNested([1, 2, 3], [2])).reason).toBe('(root): expected length 2, got 3')
    expect(unsafeLeft(fromNested(5, [2])).reason).toBe('(root): expected an array of length 2, got a number')
    expect(unsafeLeft(fromNested([1], [])).reason).toBe('(root): expected a number, got an array')
  })

  it('is a Left on a number where an array belongs, and on an array where a number belongs', () => {
    expect(unsafeLeft(fromNested([[1, 2], 3], [2, 2])).reason).toBe('[1]: expected an array of length 2, got a number')
    expect(unsafeLeft(fromNested([1, [2]], [2])).reason).toBe('[1]: expected a number, got an array')
  })

  it('is a Left on a non-number entry, naming the path and its type', () => {
    const bad = JSON.parse('[[1, "2"], [3, null]]')
    expect(unsafeLeft(fromNested(bad, [2, 2])).reason).toBe('[0][1]: expected a number, got string')
    expect(unsafeLeft(fromNested(JSON.parse('[[1, 2], [3, null]]'), [2, 2])).reason).toBe(
      '[1][1]: expected a number, got object',
    )
    expect(unsafeLeft(fromNested(JSON.parse('[{}, [1]]'), [2, 1])).reason).toBe(
      '[0]: expected an array of length 1, got object',
    )
  })

  it.each([NaN, Infinity, -Infinity])('is a Left on the non-finite entry %s', (bad) => {
    expect(unsafeLeft(fromNested([[0, bad]], [1, 2])).reason).toBe(
      `[0][1]: expected a finite number, got ${String(bad)}`,
    )
  })

  it.each([[[-2]], [[1.5, 2]], [[NaN]]])('is a Left on the invalid dims %j', (shape) => {
    const err = unsafeLeft(fromNested([], shape as never))
    expect(err.op).toBe('fromNested')
    expect(err.message).toContain('every dim must be a non-negative integer')
  })

  it('round-trips toArray for random tensors', () => {
    fc.assert(
      fc.property(
        arbShape().chain((s) => arbTensor(s)),
        (t) => {
          const back = unsafeRight(fromNested(toArray(t) as never, t.shape as never))
          expect(back.shape).toEqual(t.shape)
          expect(toFlat(back)).toEqual(toFlat(t))
        },
      ),
      { numRuns: 100 },
    )
  })
})

describe('zeros, ones, fill, eye, scalar', () => {
  it('zeros / ones / fill make constant tensors of the given shape', () => {
    expect(toArray(zeros([2, 3]))).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ])
    expect(toArray(ones([3]))).toEqual([1, 1, 1])
    expect(toArray(fill([2, 2], -1.5))).toEqual([
      [-1.5, -1.5],
      [-1.5, -1.5],
    ])
    expect(toFlat(zeros([]))).toEqual([0])
    expect(toFlat(ones([2, 0, 3]))).toEqual([])
    expect(ones([2, 0, 3]).shape).toEqual([2, 0, 3])
  })

  it('eye is the identity', () => {
    expect(toArray(eye(3))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ])
    expect(eye(0).shape).toEqual([0, 0])
    expect(toArray(eye(1))).toEqual([[1]])
  })

  it('scalar is rank 0', () => {
    const s = scalar(2.5)
    expect(s.shape).toEqual([])
    expect(toArray(s)).toBe(2.5)
    expect(O.toUndefined(get(s, []))).toBe(2.5)
  })

  // The constructors that cannot return an Either (zeros, ones, fill, eye, fromFunction) throw a ShapeError on
  // invalid dims; `sized` in src/core/tensor.ts documents it as "every dim must be a non-negative integer".
  it.each([
    ['zeros', () => zeros([-1, 2])],
    ['ones', () => ones([1.5])],
    ['fill', () => fill([2, NaN], 0)],
    ['eye', () => eye(-1)],
    ['eye', () => eye(2.5)],
    ['fromFunction', () => fromFunction([Infinity], () => 0)],
  ])('%s throws a ShapeError on invalid dims', (op, f) => {
    const err = shapeErrorOf(f)
    expect(err._tag).toBe('ShapeError')
    expect(err.op).toBe(op)
    expect(err.message).toMatch(new RegExp(`^${op}: every dim must be a non-negative integer \\(shapes \\[`))
  })
})

describe('fromFunction', () => {
  it('calls f with the index in row-major order', () => {
    const seen: Array<ReadonlyArray<number>> = []
    const t = fromFunction([2, 3], (idx) => {
      seen.push(idx)
      return idx[0] * 10 + idx[1]
    })
    expect(toArray(t)).toEqual([
      [0, 1, 2],
      [10, 11, 12],
    ])
    expect(seen).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ])
  })

  it('hands f a fresh index each time (keeping it is safe)', () => {
    const seen: Array<ReadonlyArray<number>> = []
    fromFunction([2, 2], (idx) => {
      seen.push(idx)
      ;(idx as unknown as Array<number>)[0] = 7 // even writing it does not disturb the iteration
      return 0
    })
    expect(seen.map((i) => i[1])).toEqual([0, 1, 0, 1])
    expect(new Set(seen).size).toBe(4)
  })

  it('works for rank 0, rank 3 and empty shapes', () => {
    const calls: Array<ReadonlyArray<number>> = []
    expect(
      toFlat(
        fromFunction([], (i) => {
          calls.push(i)
          return 5
        }),
      ),
    ).toEqual([5])
    expect(calls).toEqual([[]])
    const t = fromFunction([2, 2, 2], ([i, j, k]) => 100 * i + 10 * j + k)
    expect(toFlat(t)).toEqual([0, 1, 10, 11, 100, 101, 110, 111])
    let n = 0
    fromFunction([3, 0], () => n++)
    expect(n).toBe(0)
  })

  it('agrees with get at every index', () => {
    fc.assert(
      fc.property(arbShape(3, 4), (s) => {
        const f = (idx: ReadonlyArray<number>) => idx.reduce((acc, i, ax) => acc + (ax + 1) * 7 ** ax * i, 0.5)
        const t = fromFunction(s as ReadonlyArray<number> as readonly [number, number, number], f)
        for (let off = 0; off < t.data.length; off++) {
          const idx: Array<number> = []
          let r = off
          for (let ax = s.length - 1; ax >= 0; ax--) {
            idx.unshift(r % (s[ax] as number))
            r = Math.floor(r / (s[ax] as number))
          }
          expect(get(t, idx as unknown as readonly [number, number, number])).toEqual(O.some(f(idx)))
        }
      }),
      { numRuns: 100 },
    )
  })
})

describe('get', () => {
  const t = m23()

  it('reads the entry at a full index', () => {
    expect(get(t, [0, 0])).toEqual(O.some(1))
    expect(get(t, [0, 2])).toEqual(O.some(3))
    expect(get(t, [1, 0])).toEqual(O.some(4))
    expect(get(t, [1, 2])).toEqual(O.some(6))
  })

  it.each([
    ['a row out of range', [2, 0]],
    ['a column out of range', [0, 3]],
    ['a negative coordinate', [-1, 0]],
    ['a fractional coordinate', [0, 0.5]],
    ['a NaN coordinate', [NaN, 0]],
    ['an infinite coordinate', [0, Infinity]],
    ['too few coordinates', [1]],
    ['too many coordinates', [1, 1, 0]],
    ['no coordinates', []],
  ])('is none for %s', (_what, idx) => {
    expect(get(t, idx as unknown as readonly [number, number])).toEqual(O.none)
  })

  it('is none for every index of an empty tensor', () => {
    expect(get(zeros([0, 3]), [0, 0])).toEqual(O.none)
  })
})

describe('toArray and toFlat', () => {
  it('return fresh arrays: mutating them does not touch the tensor', () => {
    const t = m23()
    const nested = toArray(t)
    ;(nested[0] as Array<number>)[0] = 99
    const flat = toFlat(t)
    flat[5] = 99
    expect(toFlat(t)).toEqual([1, 2, 3, 4, 5, 6])
    expect(toArray(t)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ])
    expect(toArray(t)).not.toBe(toArray(t))
  })

  it('toArray keeps empty inner and outer dims', () => {
    expect(toArray(zeros([0, 3]))).toEqual([])
    expect(toArray(zeros([2, 0]))).toEqual([[], []])
    expect(toArray(zeros([1, 0, 2]))).toEqual([[]])
  })
})

describe('isTensor', () => {
  it('is true for tensors made by any constructor', () => {
    for (const t of [
      m23(),
      scalar(1),
      zeros([0]),
      eye(2),
      unsafeRight(fromArray([1], [1])),
      fromFunction([1], () => 0),
    ])
      expect(isTensor(t)).toBe(true)
  })

  it('is false for look-alikes and non-objects', () => {
    const t = m23()
    expect(isTensor({ shape: t.shape, data: t.data })).toBe(false)
    expect(isTensor({ ...t })).toBe(false)
    expect(isTensor(Object.create(t))).toBe(false)
    for (const u of [null, undefined, 0, 'tensor', [], [1, 2], new Float64Array(2)]) expect(isTensor(u)).toBe(false)
  })
})

describe('immutability of tensors', () => {
  // The tensor object itself is not frozen (its fields are readonly in the types; see src/internal/make.ts).
  it('the shape is frozen', () => {
    const t = m23()
    expect(Object.isFrozen(t.shape)).toBe(true)
    expect(() => {
      ;(t.shape as unknown as Array<number>)[0] = 5
    }).toThrow(TypeError)
    expect(t.shape).toEqual([2, 3])
  })

  it('the shape is a copy: mutating the caller’s shape array afterwards changes nothing', () => {
    const shapes: Array<[string, (s: Array<number>) => Tensor<ReadonlyArray<number>>]> = [
      ['fromArray', (s) => unsafeRight(fromArray([1, 2, 3, 4, 5, 6], s as never))],
      ['fromNested', (s) => unsafeRight(fromNested(toArray(m23()), s as never))],
      ['zeros', (s) => zeros(s as never)],
      ['ones', (s) => ones(s as never)],
      ['fill', (s) => fill(s as never, 3)],
      ['fromFunction', (s) => fromFunction(s as never, () => 1)],
    ]
    for (const [name, build] of shapes) {
      const s = [2, 3]
      const t = build(s)
      s[0] = 3
      s[1] = 2
      s.push(1)
      expect(t.shape, name).toEqual([2, 3])
      expect(t.shape, name).not.toBe(s)
    }
  })
})

describe('the size limit (core/limits.ts)', () => {
  const limit = 'over the limit of 67108864'

  it.each<[string, () => E.Either<ShapeError, unknown>]>([
    ['fromNested([], [1e10])', () => fromNested([], [dyn(1e10)])],
    ['fromNested([], [1e9]) (would reserve 7.6 GiB before the length check)', () => fromNested([], [dyn(1e9)])],
    ['fromNested([], [2 ** 13, 2 ** 14])', () => fromNested([], [dyn(2 ** 13), dyn(2 ** 14)])],
    ['fromArray([], [1e5, 1e5])', () => fromArray([], [dyn(1e5), dyn(1e5)])],
  ])('%s is a Left naming the limit, checked before allocating', (_, f) => {
    const e = unsafeLeft(f())
    expect(e).toBeInstanceOf(ShapeError)
    expect(e.message).toContain(limit)
    expect(e.message).toContain('(maxElements)')
  })

  it('gives the size of a shape whose product is over the limit', () => {
    expect(unsafeLeft(fromArray([], [dyn(2 ** 13), dyn(2 ** 14)])).message).toBe(
      'fromArray: shape [8192, 16384] has 134217728 elements, over the limit of 67108864 (maxElements) (shapes [8192, 16384])',
    )
  })

  it('can be raised or lowered per call with maxElements', () => {
    expect(E.isRight(fromNested([], [0, dyn(2 ** 27)], { maxElements: 2 ** 27 }))).toBe(true)
    expect(unsafeLeft(fromNested([], [0, dyn(2 ** 27)])).message).toContain('dim 1 is 134217728, over the limit')
    expect(unsafeLeft(fromArray([1, 2, 3], [3], { maxElements: 2 })).message).toBe(
      'fromArray: dim 0 is 3, over the limit of 2 elements (maxElements) (shapes [3])',
    )
    expect(unsafeLeft(fromArray([1], [1], { maxElements: 1.5 })).message).toBe(
      'fromArray: option maxElements must be a non-negative safe integer, got 1.5',
    )
  })

  it.each([
    ['zeros', () => zeros([dyn(1e10)])],
    ['ones', () => ones([dyn(1e5), dyn(1e5)])],
    ['fill', () => fill([dyn(2 ** 27)], 7)],
    ['eye', () => eye(dyn(1e5))],
    ['fromFunction', () => fromFunction([dyn(1e10)], () => 0)],
  ])('%s over the limit throws a ShapeError, not a RangeError from the allocator', (op, f) => {
    const err = shapeErrorOf(f)
    expect(err.op).toBe(op)
    expect(err.message).toContain(limit)
  })

  it('zeros and its twins take maxElements too', () => {
    expect(shapeErrorOf(() => zeros([2, dyn(5)], { maxElements: 9 })).message).toBe(
      'zeros: shape [2, 5] has 10 elements, over the limit of 9 (maxElements) (shapes [2, 5])',
    )
    expect(zeros([dyn(10)], { maxElements: 10 }).shape).toEqual([10])
    expect(toFlat(fill([2], 3, { maxElements: 2 }))).toEqual([3, 3])
  })
})

describe('no throw at the boundary', () => {
  const hostile = (): ReadonlyArray<number> =>
    new Proxy([1, 2], {
      get: (target, k) => {
        if (k === '1') throw new Error('boom')
        return Reflect.get(target, k)
      },
    })

  it('fromNested and fromArray are a Left when the input throws while being read', () => {
    expect(unsafeLeft(fromNested(hostile(), [2])).message).toBe(
      'fromNested: could not read the input: boom (shapes [2])',
    )
    expect(unsafeLeft(fromArray(hostile(), [2])).message).toBe('fromArray: could not read the input: boom (shapes [2])')
  })

  it('a message stays short whatever the shape or the value', () => {
    const rank = new Array<number>(100_000).fill(1)
    const e = unsafeLeft(fromArray([NaN], rank as unknown as readonly [number]))
    expect(e.message.length).toBeLessThan(300)
    const long = unsafeLeft(fromArray(['x'.repeat(200_000)] as unknown as ReadonlyArray<number>, [1]))
    expect(long.message).toBe(
      `fromArray: data[0]: expected a finite number, got "${'x'.repeat(80)}…" (200000 characters) (shapes [1])`,
    )
  })

  it('a shape that is not an array is a Left', () => {
    expect(unsafeLeft(fromArray([], 'ab' as unknown as readonly [number])).message).toBe(
      'fromArray: the shape must be an array of dims, got "ab"',
    )
  })
})
