import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { flow, pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  add,
  addBias,
  argmax,
  flatten,
  fromArray,
  hadamard,
  map,
  matmul,
  matvec,
  outer,
  P,
  reshape,
  scale,
  type Shape,
  sub,
  sum,
  sumRows,
  type Tensor,
  tensor,
  toArray,
  toFlat,
  transpose,
  zipWith,
} from 'tensorial'

import { arbDim, arbMatrix, arbSameShape, arbVector, dyn, shapeErrorOf, snapshot, unsafeRight } from '../util.js'

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
const C = () =>
  tensor([
    [0.5, -1, 2],
    [3, 0, -4],
  ])
const v3 = () => tensor([1, -1, 2])

const eitherArray = E.map((t: Tensor<Shape>) => toArray(t))
const eitherFlat = E.map((t: Tensor<Shape>) => toFlat(t))

/** Same shape and the very same entries (bit for bit: twins must run the same kernel). */
const same = <S extends Shape>(x: Tensor<S>, y: Tensor<S>): void => {
  expect(x.shape).toEqual(y.shape)
  expect(toFlat(x)).toEqual(toFlat(y))
}

describe('each data-last twin equals its data-first op', () => {
  it('P.matmul(b)(a) = matmul(a, b)', () => {
    same(P.matmul(B())(A()), matmul(A(), B()))
    same(pipe(A(), P.matmul(B())), matmul(A(), B()))
  })

  it('P.matvec(v)(m) = matvec(m, v)', () => {
    same(pipe(A(), P.matvec(v3())), matvec(A(), v3()))
  })

  it('P.addBias(b)(x) = addBias(x, b)', () => {
    same(pipe(A(), P.addBias(v3())), addBias(A(), v3()))
  })

  it('P.add, P.sub, P.hadamard: the piped value is the left operand', () => {
    same(pipe(A(), P.add(C())), add(A(), C()))
    same(pipe(A(), P.sub(C())), sub(A(), C()))
    expect(toArray(pipe(A(), P.sub(C())))).toEqual([
      [0.5, 3, 1],
      [1, 5, 10],
    ])
    same(pipe(A(), P.hadamard(C())), hadamard(A(), C()))
  })

  it('P.zipWith(b, f)(a) = zipWith(a, b, f), with f(a_i, b_i) in that order', () => {
    const f = (x: number, y: number) => 10 * x - y
    same(pipe(A(), P.zipWith(C(), f)), zipWith(A(), C(), f))
    expect(toArray(pipe(tensor([1, 2]), P.zipWith(tensor([3, 4]), f)))).toEqual([7, 16])
  })

  it('P.outer(v)(u) = outer(u, v)', () => {
    same(pipe(tensor([1, 2]), P.outer(v3())), outer(tensor([1, 2]), v3()))
    expect(pipe(tensor([1, 2]), P.outer(v3())).shape).toEqual([2, 3])
  })

  it('P.scale(k) and P.map(f)', () => {
    same(pipe(A(), P.scale(-0.5)), scale(A(), -0.5))
    same(pipe(A(), P.map(Math.tanh)), map(A(), Math.tanh))
  })

  it('P.reshape and P.flatten return the same Either', () => {
    expect(eitherArray(pipe(A(), P.reshape([3, 2])))).toEqual(eitherArray(reshape(A(), [3, 2])))
    expect(eitherArray(pipe(A(), P.flatten(6)))).toEqual(E.right([1, 2, 3, 4, 5, 6]))
    const l1 = pipe(A(), P.reshape([4]))
    const l2 = reshape(A(), [4])
    expect(E.isLeft(l1) && E.isLeft(l2) && l1.left.message === l2.left.message).toBe(true)
    expect(E.isLeft(pipe(A(), P.flatten(7)))).toBe(true)
  })

  it('transpose, sumRows, sum and argmax are re-exported as they are', () => {
    expect(P.transpose).toBe(transpose)
    expect(P.sumRows).toBe(sumRows)
    expect(P.sum).toBe(sum)
    expect(P.argmax).toBe(argmax)
    same(pipe(A(), P.transpose), transpose(A()))
    expect(pipe(A(), P.sum)).toBe(21)
  })
})

describe('in pipe and flow', () => {
  it('a dense layer: pipe(x, P.matmul(W), P.addBias(b), P.map(tanh)) = tanh(xW + b)', () => {
    const x = A()
    const W = B()
    const b = tensor([0.1, -0.2])
    const piped = pipe(x, P.matmul(W), P.addBias(b), P.map(Math.tanh))
    same(piped, map(addBias(matmul(x, W), b), Math.tanh))
    expect(piped.shape).toEqual([2, 2])
  })

  it('flow composes the same layer as a reusable function', () => {
    const W = B()
    const b = tensor([0.1, -0.2])
    const layer = flow(P.matmul(W), P.addBias(b), P.map(Math.tanh))
    same(layer(A()), pipe(A(), P.matmul(W), P.addBias(b), P.map(Math.tanh)))
    same(layer(C()), map(addBias(matmul(C(), W), b), Math.tanh))
  })

  it('z = Wᵀa + b, and a longer chain ending in a reduction', () => {
    const W = A()
    const z = pipe(W, P.transpose, P.matvec(tensor([1, 1])), P.add(tensor([1, 0, -1])))
    expect(toArray(z)).toEqual([6, 7, 8])
    const loss = pipe(A(), P.sub(C()), P.hadamard(sub(A(), C())), P.scale(0.5), P.sum)
    expect(loss).toBe(0.5 * sum(hadamard(sub(A(), C()), sub(A(), C()))))
  })

  it('a pipeline over Either: flatten, then reshape back', () => {
    const back = pipe(A(), P.flatten(6), E.chain(P.reshape([2, 3])), E.map(P.scale(2)))
    expect(eitherArray(back)).toEqual(E.right(toArray(scale(A(), 2))))
  })

  it('twins do not mutate their operands', () => {
    const [x, W, c] = [A(), B(), C()]
    const before = [x, W, c].map(snapshot)
    pipe(x, P.matmul(W))
    pipe(x, P.add(c), P.sub(c), P.hadamard(c), P.zipWith(c, Math.max), P.scale(3), P.map(Math.exp))
    pipe(x, P.addBias(v3()), P.transpose, P.matvec(tensor([1, 2])), P.outer(v3()))
    pipe(x, P.reshape([6]))
    expect([x, W, c].map(snapshot)).toEqual(before)
  })

  it('the same runtime ShapeError for dynamic dims, naming the data-first op and shapes in argument order', () => {
    const x = unsafeRight(fromArray([1, 2, 3, 4, 5, 6], [2, dyn(3)]))
    expect(shapeErrorOf(() => pipe(x, P.matmul(unsafeRight(fromArray([1, 2, 3, 4], [2, 2]))))).message).toBe(
      'matmul: inner dims differ (3 vs 2) (shapes [2, 3] and [2, 2])',
    )
    expect(shapeErrorOf(() => pipe(x, P.matvec(tensor([1, 2])))).message).toBe(
      'matvec: matrix columns != vector length (3 vs 2) (shapes [2, 3] and [2])',
    )
    expect(shapeErrorOf(() => pipe(x, P.addBias(tensor([1, 2])))).message).toBe(
      'addBias: bias length != row width (3 vs 2) (shapes [2, 3] and [2])',
    )
    const y = tensor([
      [1, 2],
      [3, 4],
    ])
    expect(shapeErrorOf(() => pipe(x, P.add(y))).message).toBe('add: shapes differ (shapes [2, 3] and [2, 2])')
    expect(shapeErrorOf(() => pipe(x, P.sub(y))).op).toBe('sub')
    expect(shapeErrorOf(() => pipe(x, P.hadamard(y))).op).toBe('hadamard')
    expect(shapeErrorOf(() => pipe(x, P.zipWith(y, Math.min))).op).toBe('zipWith')
  })
})

describe('twins agree with the data-first ops on random inputs (fast-check)', () => {
  it('matmul, matvec, addBias, outer', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(arbDim(), arbDim(), arbDim())
          .chain(([m, k, n]) => fc.tuple(arbMatrix(m, k), arbMatrix(k, n), arbVector(k), arbVector(m))),
        ([a, b, v, u]) => {
          same(pipe(a, P.matmul(b)), matmul(a, b))
          same(pipe(a, P.matvec(v)), matvec(a, v))
          same(pipe(a, P.addBias(v)), addBias(a, v))
          same(pipe(u, P.outer(v)), outer(u, v))
        },
      ),
      { numRuns: 100 },
    )
  })

  it('add, sub, hadamard, zipWith, scale, map', () => {
    fc.assert(
      fc.property(arbSameShape(2), fc.double({ min: -10, max: 10, noNaN: true }), ([x, y], k) => {
        const a = x as Tensor<Shape>
        const b = y as Tensor<Shape>
        same(pipe(a, P.add(b)), add(a, b))
        same(pipe(a, P.sub(b)), sub(a, b))
        same(pipe(a, P.hadamard(b)), hadamard(a, b))
        same(pipe(a, P.zipWith(b, Math.atan2)), zipWith(a, b, Math.atan2))
        same(pipe(a, P.scale(k)), scale(a, k))
        same(pipe(a, P.map(Math.sin)), map(a, Math.sin))
      }),
      { numRuns: 100 },
    )
  })

  it('reshape and flatten', () => {
    fc.assert(
      fc.property(
        fc.tuple(arbDim(), arbDim()).chain(([r, c]) => arbMatrix(r, c)),
        (a) => {
          const [r, c] = a.shape
          expect(eitherFlat(pipe(a, P.reshape([c, r])))).toEqual(eitherFlat(reshape(a, [c, r])))
          expect(eitherFlat(pipe(a, P.flatten(r * c)))).toEqual(eitherFlat(flatten(a, r * c)))
          expect(E.isLeft(pipe(a, P.flatten(r * c + 1)))).toBe(true)
        },
      ),
      { numRuns: 100 },
    )
  })
})
