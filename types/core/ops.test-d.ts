// Type tests for the data-first ops of src/core/ops.ts: the exact inferred result shape of every op, and each
// negative case directly below a positive twin that differs only in the dim under test. tsd cannot see an
// error's text; types/messages/ops.ts and types/messages/generic.ts assert the messages.
import type { Either } from 'fp-ts/lib/Either.js'
import type { Matrix, Shape, ShapeError, Tensor, Vector } from 'tensorial'
import {
  add,
  addBias,
  argmax,
  flatten,
  hadamard,
  map,
  matmul,
  matmulTransA,
  matmulTransB,
  matvec,
  outer,
  reshape,
  scale,
  sub,
  sum,
  sumRows,
  tensor,
  toFlat,
  transpose,
  zeros,
  zipWith,
} from 'tensorial'
import { expectAssignable, expectError, expectType } from 'tsd'

declare const n: number

const a23 = zeros([2, 3])
const v2 = zeros([2])
const v3 = zeros([3])

// -------------------------------------------------------------------------------------
// matmul: [M, K]·[K, N] → [M, N]
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 5]>>(matmul(a23, zeros([3, 5])))
expectError(matmul(a23, zeros([4, 5])))
expectType<Tensor<readonly [2, 5]>>(matmul(zeros([2, 4]), zeros([4, 5])))
expectError(matmul(zeros([2, 3]), zeros([4, 5])))
expectType<Tensor<readonly [1, 1]>>(matmul(tensor([[1, 2]]), tensor([[3], [4]])))
// rank: the right operand must be a matrix, the left one too
expectType<Tensor<readonly [2, 1]>>(matmul(a23, zeros([3, 1])))
expectError(matmul(a23, zeros([3])))
expectType<Tensor<readonly [1, 5]>>(matmul(zeros([1, 3]), zeros([3, 5])))
expectError(matmul(zeros([3]), zeros([3, 5])))

// static vs dynamic dims: a `number` inner dim on either side is accepted (checked at run time)
expectType<Tensor<readonly [2, 4]>>(matmul(zeros([2, n]), zeros([3, 4])))
expectType<Tensor<readonly [2, 4]>>(matmul(zeros([2, 3]), zeros([n, 4])))
expectType<Tensor<readonly [number, 4]>>(matmul(zeros([n, 3]), zeros([3, 4])))
expectError(matmul(zeros([n, 3]), zeros([4, 4])))
expectType<Tensor<readonly [number, number]>>(matmul(zeros([n, n]), zeros([n, n])))

// -------------------------------------------------------------------------------------
// matmulTransA: [K, M]ᵀ·[K, N] → [M, N]; matmulTransB: [M, K]·[N, K]ᵀ → [M, N]
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [3, 5]>>(matmulTransA(a23, zeros([2, 5])))
expectError(matmulTransA(a23, zeros([3, 5])))
expectType<Tensor<readonly [3, 5]>>(matmulTransA(zeros([n, 3]), zeros([2, 5])))
expectError(matmulTransA(a23, zeros([2])))
expectType<Tensor<readonly [2, 4]>>(matmulTransB(a23, zeros([4, 3])))
expectError(matmulTransB(a23, zeros([4, 2])))
expectType<Tensor<readonly [2, 4]>>(matmulTransB(a23, zeros([4, n])))
expectError(matmulTransB(a23, zeros([3])))

// -------------------------------------------------------------------------------------
// matvec: [R, C]·[C] → [R]
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [2]>>(matvec(a23, v3))
expectError(matvec(a23, v2))
expectType<Tensor<readonly [2]>>(matvec(a23, zeros([3])))
expectError(matvec(a23, zeros([4])))
expectType<Tensor<readonly [3]>>(matvec(transpose(a23), v2))
expectError(matvec(a23, zeros([3, 1])))
expectType<Tensor<readonly [2]>>(matvec(zeros([2, n]), v3))
expectType<Tensor<readonly [2]>>(matvec(a23, zeros([n])))
expectType<Tensor<readonly [number]>>(matvec(zeros([n, 3]), v3))
expectError(matvec(zeros([n, 3]), v2))

// -------------------------------------------------------------------------------------
// transpose: [R, C] → [C, R]
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [3, 2]>>(transpose(a23))
expectType<Tensor<readonly [2, 3]>>(transpose(transpose(a23)))
expectType<Tensor<readonly [3, 2]>>(add(transpose(a23), zeros([3, 2])))
expectError(add(transpose(a23), zeros([2, 3])))
expectType<Tensor<readonly [3, 1]>>(transpose(zeros([1, 3])))
expectError(transpose(zeros([3])))
expectError(transpose(zeros([1, 3, 1])))

// -------------------------------------------------------------------------------------
// add, sub, hadamard, zipWith: S, S → S
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 3]>>(add(a23, zeros([2, 3])))
expectError(add(a23, zeros([2, 4])))
expectError(add(a23, zeros([1, 3])))
expectError(add(a23, zeros([2, 3, 1])))
expectType<Tensor<readonly [2, 3]>>(sub(a23, zeros([2, 3])))
expectError(sub(a23, zeros([3, 3])))
expectError(sub(a23, zeros([3, 2])))
expectType<Tensor<readonly [3]>>(hadamard(v3, zeros([3])))
expectError(hadamard(v3, zeros([4])))
// [N] is not [N, 1]: no column matrices
expectError(hadamard(v3, zeros([3, 1])))
expectType<Tensor<readonly [3]>>(zipWith(v3, zeros([3]), Math.max))
expectError(zipWith(v3, zeros([4]), Math.max))
expectType<Tensor<readonly []>>(add(tensor(1), tensor(2)))
expectError(add(tensor(1), tensor([2])))

// static vs dynamic dims: `number` on either side is accepted (checked at run time) and unified with the literal
expectType<Tensor<readonly [2, 3]>>(add(a23, zeros([n, 3])))
expectError(add(a23, zeros([n, 4])))
expectType<Tensor<readonly [2, 3]>>(add(zeros([2, n]), zeros([n, 3])))
expectType<Tensor<readonly [2, 3]>>(sub(a23, zeros([2, n])))
expectType<Tensor<readonly [2, 3]>>(hadamard(a23, zeros([n, n])))
expectType<Tensor<readonly [number, 3]>>(zipWith(zeros([n, 3]), zeros([n, 3]), Math.min))
expectError(add(zeros([n, 3]), zeros([n, 3, 1])))
// ... whichever operand is the dynamic one
expectType<Tensor<readonly [2, 3]>>(add(zeros([n, 3]), a23))
expectError(add(zeros([n, 3]), zeros([2, 4])))
expectType<Tensor<readonly [3]>>(hadamard(zeros([n]), v3))
expectType<Tensor<readonly [2, 3]>>(sub(zeros([n, n]), a23))

// -------------------------------------------------------------------------------------
// scale, map: S → S (the result keeps every dim)
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 3]>>(scale(a23, 2))
expectType<Tensor<readonly [2, 3]>>(add(scale(a23, 2), zeros([2, 3])))
expectError(add(scale(a23, 2), zeros([3, 2])))
expectError(scale(a23, v3))
expectType<Tensor<readonly [2, 3]>>(map(a23, Math.tanh))
expectType<Tensor<readonly [number, 3]>>(map(zeros([n, 3]), (x) => x * x))
expectType<Tensor<readonly [2, 3]>>(add(map(a23, Math.tanh), zeros([2, 3])))
expectError(add(map(a23, Math.tanh), zeros([2, 2])))
expectError(map(a23, (x: string) => x.length))

// -------------------------------------------------------------------------------------
// outer: [I] ⊗ [O] → [I, O], the shape of W
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 3]>>(outer(v2, v3))
expectType<Tensor<readonly [2, 3]>>(add(outer(v2, v3), a23))
expectError(add(outer(v3, v2), a23))
expectType<Tensor<readonly [2, 1]>>(outer(v2, zeros([1])))
expectError(outer(v2, zeros([3, 1])))
expectError(outer(zeros([2, 1]), v3))

// -------------------------------------------------------------------------------------
// addBias: [B, N] + [N] → [B, N]
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 3]>>(addBias(a23, v3))
expectError(addBias(a23, v2))
expectType<Tensor<readonly [2, 3]>>(addBias(a23, zeros([3])))
expectError(addBias(a23, zeros([4])))
expectError(addBias(a23, zeros([3, 1])))
expectType<Tensor<readonly [number, 3]>>(addBias(zeros([n, 3]), v3))
expectType<Tensor<readonly [2, 3]>>(addBias(a23, zeros([n])))
// NOTE: a dynamic row width is not refined by a static bias length: the result is x's shape as given.
expectType<Tensor<readonly [2, number]>>(addBias(zeros([2, n]), v3))

// -------------------------------------------------------------------------------------
// sumRows: [B, N] → [N]; sum: S → number; argmax: [B, N] → B indices
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [3]>>(sumRows(a23))
expectType<Tensor<readonly [3]>>(sumRows(zeros([n, 3])))
expectType<Tensor<readonly [3]>>(add(sumRows(a23), v3))
expectError(add(sumRows(a23), v2))
expectType<Tensor<readonly [1]>>(sumRows(zeros([3, 1])))
expectError(sumRows(zeros([3])))

expectType<number>(sum(a23))
expectType<number>(sum(tensor(1)))
expectType<number>(sum(zeros([2, 3, 4])))
expectError(sum(toFlat(a23)))

expectType<ReadonlyArray<number>>(argmax(a23))
expectType<ReadonlyArray<number>>(argmax(zeros([n, 10])))
expectType<ReadonlyArray<number>>(argmax(zeros([1, 3])))
expectError(argmax(zeros([3])))

// -------------------------------------------------------------------------------------
// reshape, flatten: checked at run time, so an Either; the target shape is explicit
// -------------------------------------------------------------------------------------

expectType<Either<ShapeError, Tensor<readonly [3, 2]>>>(reshape(a23, [3, 2]))
expectType<Either<ShapeError, Tensor<readonly [6]>>>(reshape(a23, [6]))
expectType<Either<ShapeError, Tensor<readonly [number, 2]>>>(reshape(a23, [n, 2]))
const dimsC = [3, 2] as const
const dims = [3, 2]
expectType<Either<ShapeError, Tensor<readonly [3, 2]>>>(reshape(a23, dimsC))
expectError(reshape(a23, dims))

expectType<Either<ShapeError, Tensor<readonly [6]>>>(flatten(a23, 6))
expectType<Either<ShapeError, Tensor<readonly [number]>>>(flatten(a23, n))
expectError(flatten(a23, [6]))

// -------------------------------------------------------------------------------------
// the aliases
// -------------------------------------------------------------------------------------

expectType<Matrix<2, 3>>(a23)
expectType<Vector<3>>(v3)
expectAssignable<Tensor<Shape>>(a23)

// -------------------------------------------------------------------------------------
// z = Wᵀa + b, per example
// -------------------------------------------------------------------------------------

const W = zeros([2, 3])
const x = tensor([1, 2])
const b = tensor([0.1, 0.2, 0.3])
expectType<Tensor<readonly [3]>>(add(matvec(transpose(W), x), b))
expectError(add(matvec(W, x), b))

// -------------------------------------------------------------------------------------
// generic code in B, I, O: correct code type-checks with exact result types, and dropping (or adding) a
// transpose does not
// -------------------------------------------------------------------------------------

type Mat<R extends number, C extends number> = Tensor<readonly [R, C]>
type Vec<N extends number> = Tensor<readonly [N]>

// forward, batched: Z = X·W + b
const forward = <B extends number, I extends number, O extends number>(x: Mat<B, I>, w: Mat<I, O>, bias: Vec<O>) =>
  addBias(matmul(x, w), bias)
expectType<
  <B extends number, I extends number, O extends number>(x: Mat<B, I>, w: Mat<I, O>, bias: Vec<O>) => Mat<B, O>
>(forward)
expectType<Mat<32, 10>>(forward(zeros([32, 784]), zeros([784, 10]), zeros([10])))
expectType<Mat<number, 10>>(forward(zeros([n, 784]), zeros([784, 10]), zeros([10])))
// NOTE (TypeScript, not src): a user's generic with O in two parameters infers O from both, so a mismatch at
// the CALL SITE is unified into a union (O = 10 | 11) instead of rejected ...
expectType<Mat<32, 10 | 11>>(forward(zeros([32, 784]), zeros([784, 10]), zeros([11])))
// ... unless the second occurrence is NoInfer, as the ops do: then the call site is checked too
const forwardChecked = <B extends number, I extends number, O extends number>(
  x: Mat<B, I>,
  w: Mat<NoInfer<I>, O>,
  bias: Vec<NoInfer<O>>,
) => addBias(matmul(x, w), bias)
expectType<Mat<32, 10>>(forwardChecked(zeros([32, 784]), zeros([784, 10]), zeros([10])))
expectError(forwardChecked(zeros([32, 784]), zeros([784, 10]), zeros([11])))
expectType<Mat<32, 10>>(forwardChecked(zeros([32, 784]), zeros([784, 10]), zeros([10])))
expectError(forwardChecked(zeros([32, 784]), zeros([785, 10]), zeros([10])))

// forward, per example: z = Wᵀa + b
const forward1 = <I extends number, O extends number>(w: Mat<I, O>, a: Vec<I>, bias: Vec<O>) =>
  add(matvec(transpose(w), a), bias)
expectType<<I extends number, O extends number>(w: Mat<I, O>, a: Vec<I>, bias: Vec<O>) => Vec<O>>(forward1)
expectType<Vec<3>>(forward1(W, x, b))

// backward: δˡ = (δˡ⁺¹·Wᵀ) ⊙ σ'(zˡ), ∂C/∂W = aᵀ·δ, ∂C/∂b = Σ δ, and a gradient step
const backward = <B extends number, I extends number, O extends number>(
  w: Mat<I, O>,
  aPrev: Mat<B, I>,
  sp: Mat<B, I>,
  delta: Mat<B, O>,
) => ({
  dW: matmul(transpose(aPrev), delta),
  db: sumRows(delta),
  deltaPrev: hadamard(matmul(delta, transpose(w)), sp),
  step: sub(w, scale(matmul(transpose(aPrev), delta), 0.1)),
})
expectType<
  <B extends number, I extends number, O extends number>(
    w: Mat<I, O>,
    aPrev: Mat<B, I>,
    sp: Mat<B, I>,
    delta: Mat<B, O>,
  ) => { dW: Mat<I, O>; db: Vec<O>; deltaPrev: Mat<B, I>; step: Mat<I, O> }
>(backward)
expectType<Mat<784, 30>>(backward(zeros([784, 30]), zeros([32, 784]), zeros([32, 784]), zeros([32, 30])).dW)
expectType<Mat<32, 784>>(backward(zeros([784, 30]), zeros([32, 784]), zeros([32, 784]), zeros([32, 30])).deltaPrev)
// NOTE: as with `forward`, a mismatched call site unifies O = 30 | 31 (no NoInfer in this user code)
expectType<Mat<784, 30 | 31>>(backward(zeros([784, 30]), zeros([32, 784]), zeros([32, 784]), zeros([32, 31])).dW)

// inside one generic body: the inferred types are exact, and each dropped or misplaced transpose is an error
const generic = <B extends number, I extends number, O extends number>(
  x: Mat<B, I>,
  w: Mat<I, O>,
  bias: Vec<O>,
  delta: Mat<B, O>,
  a: Vec<I>,
) => {
  expectType<Mat<B, O>>(matmul(x, w))
  expectError(matmul(x, transpose(w)))
  expectType<Mat<B, O>>(addBias(matmul(x, w), bias))
  expectType<Mat<B, I>>(matmul(delta, transpose(w)))
  expectError(matmul(delta, w))
  expectType<Mat<I, O>>(matmul(transpose(x), delta))
  expectError(matmul(x, delta))
  expectType<Mat<B, I>>(hadamard(matmul(delta, transpose(w)), x))
  expectError(hadamard(matmul(delta, transpose(w)), transpose(x)))
  expectType<Mat<I, O>>(matmulTransA(x, delta))
  expectError(matmulTransA(transpose(x), delta))
  expectType<Mat<B, I>>(matmulTransB(delta, w))
  expectError(matmulTransB(delta, transpose(w)))
  expectType<Vec<O>>(matvec(transpose(w), a))
  expectError(matvec(w, a))
  expectType<Vec<O>>(add(matvec(transpose(w), a), bias))
  expectType<Mat<I, O>>(outer(a, bias))
  expectError(add(outer(bias, a), w))
  expectType<Vec<O>>(sumRows(delta))
  expectError(add(sumRows(delta), a))
  expectType<Mat<O, I>>(transpose(w))
  expectType<Mat<I, O>>(sub(w, outer(a, bias)))
  expectType<Mat<I, O>>(scale(w, 0.5))
  expectType<Mat<I, O>>(map(w, Math.abs))
  expectType<Mat<B, O>>(zipWith(delta, delta, Math.max))
}
expectType<void>(generic(zeros([32, 784]), zeros([784, 30]), zeros([30]), zeros([32, 30]), zeros([784])))

// generic in the whole shape S: correct code type-checks; the undeclared result is Tensor<Unify<S, S>>, which
// resolves on instantiation and is assignable to Tensor<S>
const sigmoidPrime = <S extends Shape>(z: Tensor<S>): Tensor<S> =>
  hadamard(
    map(z, (v) => 1 / (1 + Math.exp(-v))),
    map(z, (v) => 1 - 1 / (1 + Math.exp(-v))),
  )
expectType<Mat<2, 3>>(sigmoidPrime(a23))
const twice = <S extends Shape>(t: Tensor<S>) => add(t, t)
expectType<Mat<2, 3>>(twice(a23))
expectError(<S extends Shape, T extends Shape>(s: Tensor<S>, t: Tensor<T>) => add(s, t))
