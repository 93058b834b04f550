import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, expectTypeOf, it } from 'vitest'

import {
  add,
  addBias,
  argmax,
  eye,
  fill,
  flatten,
  fromArray,
  fromFunction,
  hadamard,
  isTensor,
  map,
  matmul,
  matvec,
  ones,
  outer,
  reshape,
  scalar,
  scale,
  type Shape,
  ShapeError,
  sub,
  sum,
  sumRows,
  type Tensor,
  tensor,
  toArray,
  toFlat,
  transpose,
  zeros,
  zipWith,
} from 'tensorial'

import {
  arbAnyMatrix,
  arbDim,
  arbMatrix,
  arbSameShape,
  arbVector,
  centralDiff,
  dyn,
  expectClose,
  numericGrad,
  shapeErrorOf,
  snapshot,
  unsafeLeft,
  unsafeRight,
} from '../util.js'

// -------------------------------------------------------------------------------------
// fixtures
// -------------------------------------------------------------------------------------

const A = () =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ])
const B = () =>
  tensor([
    [7, 8],
    [9, 10],
    [11, 12],
  ])

/** Deterministic, non-trivial entries (no symmetry, mixed signs) for gradient checks. */
const waveMat = <R extends number, C extends number>(r: R, c: C, seed: number): Tensor<readonly [R, C]> =>
  fromFunction([r, c] as readonly [R, C], ([i, j]) => 2 * Math.sin(seed + 1.3 * i + 0.7 * j + 0.31 * i * j))
const waveVec = <N extends number>(n: N, seed: number): Tensor<readonly [N]> =>
  fromFunction([n] as readonly [N], ([i]) => 2 * Math.sin(seed + 1.1 * i))

const absT = <S extends Shape>(t: Tensor<S>): Tensor<S> => map(t, Math.abs)
/** `L = Σ G ⊙ Y`: the scalar loss whose gradient w.r.t. `Y` is the upstream gradient `G`. */
const dot = <S extends Shape>(g: Tensor<S>, y: Tensor<S>): number => sum(hadamard(g, y))

const GRAD = { rel: 1e-6, abs: 1e-9 } as const
/** Tolerance for the algebraic laws: `|x − y| ≤ 1e-12 · Σ|terms|` (+ a floor for subnormal underflow). */
const LAW = (scale: Tensor<Shape> | number) => ({ rel: 1e-12, abs: 1e-300, scale }) as const
const RUNS = { numRuns: 200 }
const small = fc.double({ min: -10, max: 10, noNaN: true })

// -------------------------------------------------------------------------------------
// forward values
// -------------------------------------------------------------------------------------

describe('forward values', () => {
  it('matmul', () => {
    expect(toArray(matmul(A(), B()))).toEqual([
      [58, 64],
      [139, 154],
    ])
    expect(toArray(matmul(tensor([[1, 2]]), tensor([[3], [4]])))).toEqual([[11]])
    expect(toArray(matmul(tensor([[3], [4]]), tensor([[1, 2]])))).toEqual([
      [3, 6],
      [4, 8],
    ])
    expectClose(matmul(tensor([[0.5, -1]]), tensor([[0.1], [0.25]])), [[0.05 - 0.25]])
    expect(toArray(matmul(eye(2), A()))).toEqual(toArray(A()))
    expect(toArray(matmul(A(), eye(3)))).toEqual(toArray(A()))
    expect(matmul(A(), B()).shape).toEqual([2, 2])
  })

  it('matvec', () => {
    expect(toArray(matvec(A(), tensor([1, 2, 3])))).toEqual([14, 32])
    expect(toArray(matvec(A(), tensor([1, 0, -1])))).toEqual([-2, -2])
    expect(toArray(matvec(B(), tensor([0.5, -1])))).toEqual([3.5 - 8, 4.5 - 10, 5.5 - 12])
    expect(matvec(A(), tensor([1, 2, 3])).shape).toEqual([2])
  })

  it('transpose', () => {
    expect(toArray(transpose(A()))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ])
    expect(transpose(A()).shape).toEqual([3, 2])
    expect(toArray(transpose(tensor([[1, 2, 3]])))).toEqual([[1], [2], [3]])
    expect(toArray(transpose(tensor([[7]])))).toEqual([[7]])
  })

  const P = () =>
    tensor([
      [1, 2],
      [3, 4],
    ])
  const Q = () =>
    tensor([
      [10, 20],
      [30, 40],
    ])

  it('add', () => {
    expect(toArray(add(P(), Q()))).toEqual([
      [11, 22],
      [33, 44],
    ])
    expect(toArray(add(scalar(1.5), scalar(2)))).toBe(3.5)
    expect(toArray(add(tensor([[[1], [2]]]), tensor([[[3], [4]]])))).toEqual([[[4], [6]]])
    expectClose(add(tensor([0.1]), tensor([0.2])), [0.3])
  })

  it('sub (a − b, in that order)', () => {
    expect(toArray(sub(P(), Q()))).toEqual([
      [-9, -18],
      [-27, -36],
    ])
    expect(toArray(sub(Q(), P()))).toEqual([
      [9, 18],
      [27, 36],
    ])
  })

  it('hadamard', () => {
    expect(toArray(hadamard(P(), Q()))).toEqual([
      [10, 40],
      [90, 160],
    ])
    expect(toArray(hadamard(tensor([2, -3]), tensor([-0.5, 0])))).toEqual([-1, -0])
  })

  it('zipWith passes (a_i, b_i) in that order', () => {
    expect(toArray(zipWith(P(), Q(), (x, y) => 100 * x + y))).toEqual([
      [110, 220],
      [330, 440],
    ])
    expect(toArray(zipWith(tensor([1, 5]), tensor([4, 2]), Math.max))).toEqual([4, 5])
  })

  it('scale', () => {
    expect(toArray(scale(A(), -2))).toEqual([
      [-2, -4, -6],
      [-8, -10, -12],
    ])
    expect(toArray(scale(tensor([1, 2]), 0.5))).toEqual([0.5, 1])
    expect(toArray(scale(scalar(3), 0))).toBe(0)
  })

  it('map', () => {
    expect(toArray(map(A(), (x) => x * x))).toEqual([
      [1, 4, 9],
      [16, 25, 36],
    ])
    expect(toArray(map(tensor([-1, 0, 2]), Math.abs))).toEqual([1, 0, 2])
    expect(toArray(map(scalar(0), Math.cos))).toBe(1)
  })

  it('outer', () => {
    expect(toArray(outer(tensor([1, 2]), tensor([3, 4, 5])))).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ])
    expect(outer(tensor([1, 2]), tensor([3, 4, 5])).shape).toEqual([2, 3])
    expect(toArray(outer(tensor([-1]), tensor([2])))).toEqual([[-2]])
  })

  it('addBias adds b_j to every row', () => {
    expect(toArray(addBias(A(), tensor([10, 20, 30])))).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ])
    expect(toArray(addBias(tensor([[1, 1]]), tensor([-1, 0.5])))).toEqual([[0, 1.5]])
  })

  it('sumRows sums each column over the rows', () => {
    expect(toArray(sumRows(A()))).toEqual([5, 7, 9])
    expect(toArray(sumRows(B()))).toEqual([27, 30])
    expect(toArray(sumRows(tensor([[1, -1]])))).toEqual([1, -1])
  })

  it('sum', () => {
    expect(sum(A())).toBe(21)
    expect(sum(scalar(-4))).toBe(-4)
    expect(sum(tensor([0.5, 0.25, -1]))).toBe(-0.25)
    expect(sum(zeros([0]))).toBe(0)
    expect(sum(ones([2, 0, 3]))).toBe(0)
  })

  it('argmax is row-wise', () => {
    expect(
      argmax(
        tensor([
          [1, 3, 2],
          [9, 5, 1],
          [-1, -2, -0.5],
        ]),
      ),
    ).toEqual([1, 0, 2])
  })

  it('argmax takes the first index on ties', () => {
    expect(
      argmax(
        tensor([
          [5, 5, 1],
          [1, 7, 7],
          [2, 2, 2],
          [0, -0, 0],
        ]),
      ),
    ).toEqual([0, 1, 0, 0])
  })

  it('argmax handles −∞ entries, width 0 (−1 per row) and zero rows', () => {
    expect(argmax(fill([2, 3], -Infinity))).toEqual([0, 0])
    expect(argmax(zeros([2, 0]))).toEqual([-1, -1])
    expect(argmax(zeros([0, 3]))).toEqual([])
    expect(argmax(tensor([[42]]))).toEqual([0])
  })

  it('reshape keeps the row-major order', () => {
    expect(toArray(unsafeRight(reshape(A(), [3, 2])))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ])
    expect(toArray(unsafeRight(reshape(A(), [6])))).toEqual([1, 2, 3, 4, 5, 6])
    expect(toArray(unsafeRight(reshape(A(), [1, 2, 3])))).toEqual([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ])
    expect(toArray(unsafeRight(reshape(A(), [3, 1, 2])))).toEqual([[[1, 2]], [[3, 4]], [[5, 6]]])
    expect(toArray(unsafeRight(reshape(tensor([9]), [])))).toBe(9)
    expect(unsafeRight(reshape(zeros([0, 3]), [3, 0])).shape).toEqual([3, 0])
    expect(unsafeRight(reshape(A(), [dyn(3), dyn(2)])).shape).toEqual([3, 2])
  })

  it('reshape is a Left on a size mismatch, naming both shapes and sizes', () => {
    const err = unsafeLeft(reshape(A(), [2, 2]))
    expect(err).toBeInstanceOf(ShapeError)
    expect(err.op).toBe('reshape')
    expect(err.shapes).toEqual([
      [2, 3],
      [2, 2],
    ])
    expect(err.message).toBe('reshape: size 6 of [2, 3] != size 4 of [2, 2] (shapes [2, 3] and [2, 2])')
    expect(E.isLeft(reshape(A(), [7]))).toBe(true)
    expect(E.isLeft(reshape(A(), []))).toBe(true)
  })

  it.each([[[-2, -3]], [[1.5, 4]], [[6, NaN]], [[-0.5, 0]]])('reshape is a Left on the invalid dims %j', (shape) => {
    const err = unsafeLeft(reshape(A(), shape as never))
    expect(err.op).toBe('reshape')
    expect(err.message).toContain('every dim must be a non-negative integer')
  })

  it('flatten', () => {
    expect(toArray(unsafeRight(flatten(A(), 6)))).toEqual([1, 2, 3, 4, 5, 6])
    expect(toArray(unsafeRight(flatten(scalar(3), 1)))).toEqual([3])
    expect(toArray(unsafeRight(flatten(zeros([0, 4]), 0)))).toEqual([])
    const err = unsafeLeft(flatten(A(), 5))
    expect(err).toBeInstanceOf(ShapeError)
    expect(err.message).toContain('size 6 of [2, 3] != size 5 of [5]')
    expect(E.isLeft(flatten(A(), -6))).toBe(true)
    expect(E.isLeft(flatten(A(), 6.5))).toBe(true)
  })

  // Regression: flatten's Left used to say `reshape`.
  it('flatten’s Left names flatten as the op', () => {
    const err = unsafeLeft(flatten(A(), 5))
    expect(err.op).toBe('flatten')
    expect(err.message).toMatch(/^flatten: /)
  })
})

// -------------------------------------------------------------------------------------
// purity
// -------------------------------------------------------------------------------------

describe('inputs are never mutated and outputs are fresh', () => {
  const x = () => A()
  const cases: ReadonlyArray<[string, ReadonlyArray<Tensor<Shape>>, (ts: ReadonlyArray<Tensor<Shape>>) => unknown]> = [
    ['matmul', [A(), B()], ([a, b]) => matmul(a as Tensor<readonly [2, 3]>, b as Tensor<readonly [3, 2]>)],
    ['matvec', [A(), tensor([1, 2, 3])], ([m, v]) => matvec(m as Tensor<readonly [2, 3]>, v as Tensor<readonly [3]>)],
    ['transpose', [x()], ([m]) => transpose(m as Tensor<readonly [2, 3]>)],
    ['add', [x(), x()], ([a, b]) => add(a as Tensor<Shape>, b as Tensor<Shape>)],
    ['sub', [x(), x()], ([a, b]) => sub(a as Tensor<Shape>, b as Tensor<Shape>)],
    ['hadamard', [x(), x()], ([a, b]) => hadamard(a as Tensor<Shape>, b as Tensor<Shape>)],
    ['zipWith', [x(), x()], ([a, b]) => zipWith(a as Tensor<Shape>, b as Tensor<Shape>, (p, q) => p - q)],
    ['scale', [x()], ([a]) => scale(a as Tensor<Shape>, -3)],
    ['map', [x()], ([a]) => map(a as Tensor<Shape>, (v) => v * v)],
    [
      'outer',
      [tensor([1, 2]), tensor([3, 4, 5])],
      ([u, v]) => outer(u as Tensor<readonly [2]>, v as Tensor<readonly [3]>),
    ],
    ['addBias', [x(), tensor([1, 2, 3])], ([m, b]) => addBias(m as Tensor<readonly [2, 3]>, b as Tensor<readonly [3]>)],
    ['sumRows', [x()], ([m]) => sumRows(m as Tensor<readonly [2, 3]>)],
    ['sum', [x()], ([a]) => sum(a as Tensor<Shape>)],
    ['argmax', [x()], ([m]) => argmax(m as Tensor<readonly [2, 3]>)],
    ['reshape', [x()], ([a]) => unsafeRight(reshape(a as Tensor<Shape>, [3, 2]))],
    ['reshape (same shape)', [x()], ([a]) => unsafeRight(reshape(a as Tensor<Shape>, [2, 3]))],
    ['flatten', [x()], ([a]) => unsafeRight(flatten(a as Tensor<Shape>, 6))],
  ]

  it.each(cases)('%s leaves its inputs unchanged', (_name, inputs, op) => {
    const before = inputs.map(snapshot)
    const out = op(inputs)
    expect(inputs.map(snapshot)).toEqual(before)
    // the result shares no buffer with an input, so nothing done to it can reach them
    const bufferOf = (t: Tensor<Shape>): ArrayBufferLike => (t.data as unknown as Float64Array).buffer
    if (isTensor(out)) for (const t of inputs) expect(bufferOf(out)).not.toBe(bufferOf(t))
  })

  it('the same tensor may be both operands (aliasing)', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ])
    const before = snapshot(a)
    expect(toArray(matmul(a, a))).toEqual([
      [7, 10],
      [15, 22],
    ])
    expect(toArray(hadamard(a, a))).toEqual([
      [1, 4],
      [9, 16],
    ])
    expect(toArray(sub(a, a))).toEqual([
      [0, 0],
      [0, 0],
    ])
    expect(snapshot(a)).toEqual(before)
  })

  it('random inputs are unchanged by every op (property)', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbDim(4), arbDim(4), arbDim(4))
          .chain(([m, k, n]) =>
            fc.tuple(arbMatrix(m, k), arbMatrix(k, n), arbMatrix(m, k), arbVector(k), arbVector(m)),
          ),
        ([a, b, c, v, u]) => {
          const before = [a, b, c, v, u].map(snapshot)
          matmul(a, b)
          matvec(a, v)
          transpose(a)
          add(a, c)
          sub(a, c)
          hadamard(a, c)
          zipWith(a, c, Math.atan2)
          scale(a, 2)
          map(a, Math.sin)
          outer(u, v)
          addBias(a, v)
          sumRows(a)
          sum(a)
          argmax(a)
          reshape(a, [a.shape[1], a.shape[0]])
          flatten(a, a.data.length)
          expect([a, b, c, v, u].map(snapshot)).toEqual(before)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('a callback that throws leaves the input unchanged and the error propagates', () => {
    const a = A()
    const before = snapshot(a)
    expect(() =>
      map(a, (v) => {
        if (v > 3) throw new Error('boom')
        return v
      }),
    ).toThrow('boom')
    expect(snapshot(a)).toEqual(before)
  })
})

// -------------------------------------------------------------------------------------
// dynamic dims
// -------------------------------------------------------------------------------------

describe('dynamic dims: a runtime mismatch throws a ShapeError naming the op and both shapes', () => {
  // `dyn` widens a dim to `number`, as if it were read from a file: the compiler can no longer check it.
  const a23 = () => unsafeRight(fromArray([1, 2, 3, 4, 5, 6], [2, dyn(3)])) // Tensor<readonly [2, number]>

  it('matmul', () => {
    const b = unsafeRight(fromArray([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]))
    const err = shapeErrorOf(() => matmul(a23(), b))
    expect(err._tag).toBe('ShapeError')
    expect(err.name).toBe('ShapeError')
    expect(err.op).toBe('matmul')
    expect(err.reason).toBe('inner dims differ (3 vs 4)')
    expect(err.shapes).toEqual([
      [2, 3],
      [4, 2],
    ])
    expect(err.message).toBe('matmul: inner dims differ (3 vs 4) (shapes [2, 3] and [4, 2])')
  })

  it('matmul with the dynamic dim on the right operand', () => {
    const b = unsafeRight(fromArray(new Array(8).fill(1), [dyn(4), 2]))
    expect(shapeErrorOf(() => matmul(A(), b)).message).toBe(
      'matmul: inner dims differ (3 vs 4) (shapes [2, 3] and [4, 2])',
    )
  })

  it('matvec', () => {
    const err = shapeErrorOf(() => matvec(a23(), tensor([1, 2, 3, 4])))
    expect(err.op).toBe('matvec')
    expect(err.shapes).toEqual([[2, 3], [4]])
    expect(err.message).toBe('matvec: matrix columns != vector length (3 vs 4) (shapes [2, 3] and [4])')
  })

  it('addBias', () => {
    const err = shapeErrorOf(() => addBias(a23(), tensor([1, 2])))
    expect(err.op).toBe('addBias')
    expect(err.shapes).toEqual([[2, 3], [2]])
    expect(err.message).toBe('addBias: bias length != row width (3 vs 2) (shapes [2, 3] and [2])')
  })

  const b22 = () =>
    tensor([
      [1, 2],
      [3, 4],
    ])
  it.each([
    ['add', () => add(a23(), b22())],
    ['sub', () => sub(a23(), b22())],
    ['hadamard', () => hadamard(a23(), b22())],
    ['zipWith', () => zipWith(a23(), b22(), (x, y) => x + y)],
  ])('%s', (op, f) => {
    const err = shapeErrorOf(f)
    expect(err.op).toBe(op)
    expect(err.reason).toBe('shapes differ')
    expect(err.shapes).toEqual([
      [2, 3],
      [2, 2],
    ])
    expect(err.message).toBe(`${op}: shapes differ (shapes [2, 3] and [2, 2])`)
  })

  it('elementwise ops reject equal sizes under different shapes ([2, 3] vs [3, 2])', () => {
    const a = unsafeRight(fromArray([1, 2, 3, 4, 5, 6], [dyn(2), dyn(3)]))
    const b = transpose(A())
    expect(shapeErrorOf(() => add(a, b)).message).toBe('add: shapes differ (shapes [2, 3] and [3, 2])')
    expect(shapeErrorOf(() => hadamard(b, a)).message).toBe('hadamard: shapes differ (shapes [3, 2] and [2, 3])')
  })

  it('a mismatch with an empty operand still throws', () => {
    const a = unsafeRight(fromArray([], [0, dyn(3)]))
    expect(shapeErrorOf(() => matmul(a, zeros([4, 2]))).message).toBe(
      'matmul: inner dims differ (3 vs 4) (shapes [0, 3] and [4, 2])',
    )
    expect(shapeErrorOf(() => addBias(a, zeros([0]))).op).toBe('addBias')
  })

  it('dynamic dims that agree at run time work, and the static type takes the known dims', () => {
    const a = unsafeRight(fromArray([1, 2, 3, 4, 5, 6], [dyn(2), dyn(3)]))
    const c = matmul(a, B())
    expectTypeOf(c.shape).toEqualTypeOf<readonly [number, 2]>()
    expect(toArray(c)).toEqual(toArray(matmul(A(), B())))
    const s = add(A(), a)
    expectTypeOf(s.shape).toEqualTypeOf<readonly [2, 3]>()
    expect(toArray(s)).toEqual(toArray(scale(A(), 2)))
    const mixed = unsafeRight(fromArray([1, 2, 3, 4, 5, 6], [dyn(2), 3]))
    expectTypeOf(add(mixed, unsafeRight(fromArray([0, 0, 0, 0, 0, 0], [2, dyn(3)]))).shape).toEqualTypeOf<
      readonly [2, 3]
    >()
    expect(toArray(matvec(a, tensor([1, 0, 0])))).toEqual([1, 4])
    expect(toArray(addBias(a, tensor([1, 1, 1])))).toEqual(toArray(map(A(), (v) => v + 1)))
  })

  // Regression: Unify used to keep the less precise left shape when the right operand was more precise.
  it('elementwise ops type the result with the more precise operand’s dims, whichever side it is on', () => {
    const a = unsafeRight(fromArray([1, 2, 3, 4, 5, 6], [dyn(2), 3]))
    const s = add(a, A())
    expectTypeOf(s.shape).toEqualTypeOf<readonly [2, 3]>()
    expectTypeOf(hadamard(a, A()).shape).toEqualTypeOf<readonly [2, 3]>()
    expect(s.shape).toEqual([2, 3])
  })

  // The rank checks cannot be reached from typed code; they guard casts and untyped callers.
  it.each([
    ['matmul', 'rank-2', 'rank 1', () => matmul(tensor([1, 2]) as never, A())],
    ['matmul', 'rank-2', 'rank 3', () => matmul(A(), zeros([3, 2, 1]) as never)],
    ['matvec', 'rank-1', 'rank 2', () => matvec(A(), A() as never)],
    ['transpose', 'rank-2', 'rank 0', () => transpose(scalar(1) as never)],
    ['outer', 'rank-1', 'rank 2', () => outer(A() as never, tensor([1]))],
    ['addBias', 'rank-1', 'rank 0', () => addBias(A(), scalar(1) as never)],
    ['sumRows', 'rank-2', 'rank 1', () => sumRows(tensor([1, 2]) as never)],
    ['argmax', 'rank-2', 'rank 1', () => argmax(tensor([1, 2]) as never)],
  ])('%s rejects a wrong rank', (op, expected, got, f) => {
    const err = shapeErrorOf(f)
    expect(err.op).toBe(op)
    expect(err.reason).toBe(`expected a ${expected} tensor, got ${got}`)
  })
})

// -------------------------------------------------------------------------------------
// zero-sized dims
// -------------------------------------------------------------------------------------

describe('zero-sized dims', () => {
  it('matmul: [0, 3]·[3, 2] is [0, 2]; [2, 0]·[0, 3] is zeros; [2, 3]·[3, 0] is [2, 0]', () => {
    const c = matmul(zeros([0, 3]), B())
    expect(c.shape).toEqual([0, 2])
    expect(toFlat(c)).toEqual([])
    const z = matmul(zeros([2, 0]), zeros([0, 3]))
    expect(toArray(z)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ])
    expect(matmul(A(), zeros([3, 0])).shape).toEqual([2, 0])
  })

  it('matvec, transpose, outer, addBias, sumRows, sum, argmax', () => {
    expect(matvec(zeros([0, 3]), tensor([1, 2, 3])).shape).toEqual([0])
    expect(toArray(matvec(zeros([2, 0]), zeros([0])))).toEqual([0, 0])
    expect(transpose(zeros([0, 3])).shape).toEqual([3, 0])
    expect(outer(zeros([0]), tensor([1, 2, 3])).shape).toEqual([0, 3])
    expect(outer(tensor([1, 2]), zeros([0])).shape).toEqual([2, 0])
    expect(addBias(zeros([0, 3]), tensor([1, 2, 3])).shape).toEqual([0, 3])
    expect(toArray(sumRows(zeros([0, 3])))).toEqual([0, 0, 0])
    expect(sumRows(zeros([2, 0])).shape).toEqual([0])
    expect(sum(zeros([0, 3]))).toBe(0)
  })

  it('elementwise ops on empty tensors', () => {
    const results: ReadonlyArray<Tensor<Shape>> = [
      add(zeros([0, 3]), zeros([0, 3])),
      sub(zeros([3, 0]), zeros([3, 0])),
      hadamard(zeros([0]), zeros([0])),
      zipWith(zeros([2, 0, 2]), zeros([2, 0, 2]), Math.max),
      scale(zeros([0, 1]), 5),
      map(zeros([0]), Math.exp),
    ]
    for (const r of results) expect(toFlat(r)).toEqual([])
  })
})

// -------------------------------------------------------------------------------------
// derivatives: each op's documented formula against central finite differences
// -------------------------------------------------------------------------------------

describe('derivatives stated in the doc comments match central differences', () => {
  const M = 3
  const K = 4
  const N = 2

  it('matmul: with L = Σ G ⊙ (AB), ∂L/∂A = G·Bᵀ and ∂L/∂B = Aᵀ·G', () => {
    const a = waveMat(M, K, 0.1)
    const b = waveMat(K, N, 1.7)
    const g = waveMat(M, N, 2.9)
    expectClose(
      numericGrad((x) => dot(g, matmul(x, b)), a),
      matmul(g, transpose(b)),
      GRAD,
    )
    expectClose(
      numericGrad((x) => dot(g, matmul(a, x)), b),
      matmul(transpose(a), g),
      GRAD,
    )
  })

  it('matmul gradients hold for random sizes and entries (property)', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbDim(4, 1), arbDim(4, 1), arbDim(4, 1))
          .chain(([m, k, n]) => fc.tuple(arbMatrix(m, k, small), arbMatrix(k, n, small), arbMatrix(m, n, small))),
        ([a, b, g]) => {
          // L is linear in each operand, so central differences are exact up to rounding of L itself.
          const scaleA = matmul(absT(g), transpose(absT(b)))
          const scaleB = matmul(transpose(absT(a)), absT(g))
          const tolA = { rel: 1e-6, abs: 1e-9 * (1 + sum(scaleA)), scale: scaleA }
          const tolB = { rel: 1e-6, abs: 1e-9 * (1 + sum(scaleB)), scale: scaleB }
          expectClose(
            numericGrad((x) => dot(g, matmul(x, b)), a, 1e-3),
            matmul(g, transpose(b)),
            tolA,
          )
          expectClose(
            numericGrad((x) => dot(g, matmul(a, x)), b, 1e-3),
            matmul(transpose(a), g),
            tolB,
          )
        },
      ),
      { numRuns: 30 },
    )
  })

  it('matvec: with L = g·(Mv), ∂L/∂M = g ⊗ v and ∂L/∂v = Mᵀ·g', () => {
    const m = waveMat(M, K, 0.3)
    const v = waveVec(K, 1.1)
    const g = waveVec(M, 2.3)
    expectClose(
      numericGrad((x) => dot(g, matvec(x, v)), m),
      outer(g, v),
      GRAD,
    )
    expectClose(
      numericGrad((x) => dot(g, matvec(m, x)), v),
      matvec(transpose(m), g),
      GRAD,
    )
  })

  it('transpose: with L = Σ G ⊙ Aᵀ, ∂L/∂A = Gᵀ', () => {
    const a = waveMat(M, K, 0.5)
    const g = waveMat(K, M, 1.5)
    expectClose(
      numericGrad((x) => dot(g, transpose(x)), a),
      transpose(g),
      GRAD,
    )
  })

  it('outer: with L = Σ G ⊙ (u ⊗ v), ∂L/∂u = G·v and ∂L/∂v = Gᵀ·u', () => {
    const u = waveVec(M, 0.2)
    const v = waveVec(K, 0.9)
    const g = waveMat(M, K, 3.1)
    expectClose(
      numericGrad((x) => dot(g, outer(x, v)), u),
      matvec(g, v),
      GRAD,
    )
    expectClose(
      numericGrad((x) => dot(g, outer(u, x)), v),
      matvec(transpose(g), u),
      GRAD,
    )
  })

  it('addBias: ∂L/∂X = G and ∂L/∂b = sumRows(G)', () => {
    const x = waveMat(M, K, 0.7)
    const b = waveVec(K, 1.9)
    const g = waveMat(M, K, 2.2)
    expectClose(
      numericGrad((t) => dot(g, addBias(t, b)), x),
      g,
      GRAD,
    )
    expectClose(
      numericGrad((t) => dot(g, addBias(x, t)), b),
      sumRows(g),
      GRAD,
    )
  })

  it('sumRows: ∂s_j/∂X_ij = 1, so with L = g·s, ∂L/∂X_ij = g_j', () => {
    const x = waveMat(M, K, 0.4)
    const g = waveVec(K, 1.4)
    expectClose(
      numericGrad((t) => dot(g, sumRows(t)), x),
      addBias(zeros([M, K]), g),
      GRAD,
    )
  })

  it('add and sub: ∂/∂A = G, ∂/∂B = G (add) and −G (sub)', () => {
    const a = waveMat(M, K, 0.6)
    const b = waveMat(M, K, 1.6)
    const g = waveMat(M, K, 2.6)
    expectClose(
      numericGrad((x) => dot(g, add(x, b)), a),
      g,
      GRAD,
    )
    expectClose(
      numericGrad((x) => dot(g, add(a, x)), b),
      g,
      GRAD,
    )
    expectClose(
      numericGrad((x) => dot(g, sub(x, b)), a),
      g,
      GRAD,
    )
    expectClose(
      numericGrad((x) => dot(g, sub(a, x)), b),
      scale(g, -1),
      GRAD,
    )
  })

  it('hadamard: ∂/∂A = G ⊙ B and ∂/∂B = G ⊙ A', () => {
    const a = waveMat(M, K, 0.8)
    const b = waveMat(M, K, 1.8)
    const g = waveMat(M, K, 2.8)
    expectClose(
      numericGrad((x) => dot(g, hadamard(x, b)), a),
      hadamard(g, b),
      GRAD,
    )
    expectClose(
      numericGrad((x) => dot(g, hadamard(a, x)), b),
      hadamard(g, a),
      GRAD,
    )
  })

  it('scale: ∂/∂A = kG and ∂/∂k = Σ G_i A_i', () => {
    const a = waveMat(M, K, 0.9)
    const g = waveMat(M, K, 1.2)
    const k = -1.7
    expectClose(
      numericGrad((x) => dot(g, scale(x, k)), a),
      scale(g, k),
      GRAD,
    )
    const dk = centralDiff(([kk]) => dot(g, scale(a, kk as number)), [k])
    expectClose(dk, [sum(hadamard(g, a))], GRAD)
  })

  it('map: ∂/∂A = G ⊙ f′(A) (tanh, f′ = 1 − tanh²)', () => {
    const a = waveMat(M, K, 1.0)
    const g = waveMat(M, K, 2.0)
    expectClose(
      numericGrad((x) => dot(g, map(x, Math.tanh)), a),
      hadamard(
        g,
        map(a, (v) => 1 - Math.tanh(v) ** 2),
      ),
      GRAD,
    )
  })

  it('sum: the derivative is 1 for every entry', () => {
    const a = waveMat(M, K, 1.3)
    expectClose(numericGrad(sum, a), ones([M, K]), GRAD)
  })
})

// -------------------------------------------------------------------------------------
// algebraic laws (fast-check)
// -------------------------------------------------------------------------------------

describe('algebraic laws (fast-check)', () => {
  const arbMK_KN = fc
    .tuple(arbDim(), arbDim(), arbDim())
    .chain(([m, k, n]) => fc.tuple(arbMatrix(m, k), arbMatrix(k, n), arbMatrix(k, n)))

  it('(Aᵀ)ᵀ = A exactly', () => {
    fc.assert(
      fc.property(arbAnyMatrix(), (a) => {
        const tt = transpose(transpose(a))
        expect(tt.shape).toEqual(a.shape)
        expect(toFlat(tt)).toEqual(toFlat(a))
      }),
      RUNS,
    )
  })

  it('(AB)ᵀ = BᵀAᵀ within 1e-12 relative', () => {
    fc.assert(
      fc.property(arbMK_KN, ([a, b]) => {
        const terms = transpose(matmul(absT(a), absT(b)))
        expectClose(transpose(matmul(a, b)), matmul(transpose(b), transpose(a)), LAW(terms))
      }),
      RUNS,
    )
  })

  it('A(B + C) = AB + AC within 1e-12 relative', () => {
    fc.assert(
      fc.property(arbMK_KN, ([a, b, c]) => {
        const terms = matmul(absT(a), add(absT(b), absT(c)))
        expectClose(matmul(a, add(b, c)), add(matmul(a, b), matmul(a, c)), LAW(terms))
      }),
      RUNS,
    )
  })

  it('outer(u, v) equals the product of a column and a row', () => {
    fc.assert(
      fc.property(
        fc.tuple(arbDim(), arbDim()).chain(([i, o]) => fc.tuple(arbVector(i), arbVector(o))),
        ([u, v]) => {
          const col = unsafeRight(reshape(u, [u.shape[0], 1]))
          const row = unsafeRight(reshape(v, [1, v.shape[0]]))
          const o = outer(u, v)
          expect(o.shape).toEqual([u.shape[0], v.shape[0]])
          expectClose(o, matmul(col, row), LAW(absT(o)))
        },
      ),
      RUNS,
    )
  })

  it('matvec(M, v) equals matmul(M, v as a column)', () => {
    fc.assert(
      fc.property(
        fc.tuple(arbDim(), arbDim()).chain(([r, c]) => fc.tuple(arbMatrix(r, c), arbVector(c))),
        ([m, v]) => {
          const col = unsafeRight(reshape(v, [v.shape[0], 1]))
          const y = matvec(m, v)
          const viaMatmul = unsafeRight(flatten(matmul(m, col), m.shape[0]))
          expectClose(y, viaMatmul, LAW(matvec(absT(m), absT(v))))
        },
      ),
      RUNS,
    )
  })

  it('I·A = A·I = A', () => {
    fc.assert(
      fc.property(arbAnyMatrix(), (a) => {
        const [r, c] = a.shape
        expectClose(matmul(eye(r), a), a, LAW(absT(a)))
        expectClose(matmul(a, eye(c)), a, LAW(absT(a)))
      }),
      RUNS,
    )
  })

  it('add and hadamard are commutative (exactly)', () => {
    fc.assert(
      fc.property(arbSameShape(2), ([a, b]) => {
        const x = a as Tensor<Shape>
        const y = b as Tensor<Shape>
        expect(toFlat(add(x, y))).toEqual(toFlat(add(y, x)))
        expect(toFlat(hadamard(x, y))).toEqual(toFlat(hadamard(y, x)))
      }),
      RUNS,
    )
  })

  it('add and hadamard are associative within 1e-12 relative', () => {
    fc.assert(
      fc.property(arbSameShape(3), ([a, b, c]) => {
        const x = a as Tensor<Shape>
        const y = b as Tensor<Shape>
        const z = c as Tensor<Shape>
        expectClose(add(add(x, y), z), add(x, add(y, z)), LAW(add(add(absT(x), absT(y)), absT(z))))
        expectClose(
          hadamard(hadamard(x, y), z),
          hadamard(x, hadamard(y, z)),
          LAW(hadamard(hadamard(absT(x), absT(y)), absT(z))),
        )
      }),
      RUNS,
    )
  })

  it('sub(a, b) = add(a, −b) and add(a, b) − b ≈ a', () => {
    fc.assert(
      fc.property(arbSameShape(2), ([a, b]) => {
        const x = a as Tensor<Shape>
        const y = b as Tensor<Shape>
        expect(toFlat(sub(x, y))).toEqual(toFlat(add(x, scale(y, -1))))
        expectClose(sub(add(x, y), y), x, LAW(add(absT(x), absT(y))))
      }),
      RUNS,
    )
  })

  it('sum(sumRows(X)) = sum(X) within 1e-12 relative', () => {
    fc.assert(
      fc.property(arbAnyMatrix(), (x) => {
        expectClose(sum(sumRows(x)), sum(x), LAW(sum(absT(x))))
      }),
      RUNS,
    )
  })

  it('addBias(X, b) = X + outer(1, b) and sumRows(X) = Xᵀ·1', () => {
    fc.assert(
      fc.property(
        fc.tuple(arbDim(), arbDim()).chain(([r, c]) => fc.tuple(arbMatrix(r, c), arbVector(c))),
        ([x, b]) => {
          const [r, c] = x.shape
          expect(toFlat(addBias(x, b))).toEqual(toFlat(add(x, outer(ones([r]), b))))
          expectClose(sumRows(x), matvec(transpose(x), ones([r])), LAW(sumRows(absT(x))))
          expect(sumRows(x).shape).toEqual([c])
        },
      ),
      RUNS,
    )
  })

  it('reshape round-trips and keeps the data', () => {
    fc.assert(
      fc.property(arbAnyMatrix(), (a) => {
        const [r, c] = a.shape
        const back = unsafeRight(E.chain((t: Tensor<readonly [number]>) => reshape(t, [r, c]))(flatten(a, r * c)))
        expect(back.shape).toEqual([r, c])
        expect(toFlat(back)).toEqual(toFlat(a))
      }),
      RUNS,
    )
  })

  it('argmax picks a maximal entry, the first one among equals', () => {
    fc.assert(
      fc.property(arbAnyMatrix(5, fc.integer({ min: -3, max: 3 })), (x) => {
        const rows = toArray(x)
        const am = argmax(x)
        expect(am).toHaveLength(rows.length)
        rows.forEach((row, i) => {
          const j = am[i] as number
          if (row.length === 0) return expect(j).toBe(-1)
          const best = Math.max(...row)
          expect(row[j]).toBe(best)
          expect(row.indexOf(best)).toBe(j)
        })
      }),
      RUNS,
    )
  })
})

// -------------------------------------------------------------------------------------
// the test utilities themselves (so a broken helper cannot pass everything vacuously)
// -------------------------------------------------------------------------------------

describe('test utilities', () => {
  it('expectClose accepts close values and rejects far ones, naming the worst index', () => {
    expectClose(0.1 + 0.2, 0.3)
    expectClose([1, 2], Float64Array.of(1, 2 + 1e-13))
    expectClose(A(), toArray(A()))
    expect(() =>
      expectClose(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2.001],
          [3, 4.1],
        ],
      ),
    ).toThrow(/2 of 4 entries differ; worst at \[1, 1\]: actual 4, expected 4\.1/)
    expect(() => expectClose(A(), transpose(A()))).toThrow(/shapes differ, actual \[2, 3\] vs expected \[3, 2\]/)
    expect(() => expectClose(1, NaN)).toThrow(/worst at \[\]/)
    expectClose(NaN, NaN)
    expectClose(Infinity, Infinity)
    expect(() => expectClose(1e-20, 0, { abs: 0 })).toThrow()
    expectClose(1e-20, 0, { abs: 0, rel: 1e-12, scale: 1e-8 })
  })

  it('centralDiff recovers a known gradient and leaves x alone', () => {
    const x = Float64Array.of(1.5, -2)
    const g = centralDiff(([p, q]) => (p as number) ** 2 + 3 * (p as number) * (q as number), x)
    expectClose(g, [2 * 1.5 + 3 * -2, 3 * 1.5], { rel: 1e-8, abs: 1e-8 })
    expect(Array.from(x)).toEqual([1.5, -2])
  })
})
