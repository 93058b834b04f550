// Generic layer code in B (batch), I (inputs), O (outputs): correct code compiles, and the same code with a
// transpose dropped (or a wrong operand) is rejected. In generic code the check cannot be evaluated, so TypeScript
// prints the operand type itself, which names the op, the two dims and both shapes by their type parameters:
// `Operand<"matmul: inner dims differ", O, I, [B, O], [I, O], …>`; these assert that first line.
import { pipe } from 'fp-ts/lib/function.js'
import type { Tensor } from 'tensorial'
import {
  add,
  addBias,
  hadamard,
  matmul,
  matmulTransA,
  matmulTransB,
  matvec,
  P,
  sub,
  sumRows,
  transpose,
  zipWith,
} from 'tensorial'

type Mat<R extends number, C extends number> = Tensor<readonly [R, C]>
type Vec<N extends number> = Tensor<readonly [N]>

// forward, batched, with W stored [I, O]: Z = X·W + b
export const forward = <B extends number, I extends number, O extends number>(
  x: Mat<B, I>,
  w: Mat<I, O>,
  b: Vec<O>,
) => {
  const z = addBias(matmul(x, w), b)
  // @expect-error TS2345 Operand<"matmul: inner dims differ", I, O, [B, I], [O, I]
  const _zBad = addBias(matmul(x, transpose(w)), b)
  // @expect-error TS2345 Operand<"addBias: row width != bias length", O, I, [B, O], [I]
  const _zBias = addBias(matmul(x, w), sumRows(x))
  return z
}

// forward, batched, with W stored [O, I] as in the lecture notes: Z = X·Wᵀ + b
export const forwardT = <B extends number, I extends number, O extends number>(
  x: Mat<B, I>,
  w: Mat<O, I>,
  b: Vec<O>,
) => {
  const z = addBias(matmul(x, transpose(w)), b)
  // @expect-error TS2345 Operand<"matmul: inner dims differ", I, O, [B, I], [O, I]
  const _zBad = addBias(matmul(x, w), b)
  return z
}

// forward, per example: z = Wᵀa + b
export const forward1 = <I extends number, O extends number>(w: Mat<I, O>, a: Vec<I>, b: Vec<O>) => {
  const z = add(matvec(transpose(w), a), b)
  // @expect-error TS2345 Operand<"matvec: matrix columns != vector length", O, I, [I, O], [I]
  const _zBad = matvec(w, a)
  // @expect-error TS2345 SameShape<"add: shapes differ", [O], [I]
  const _zAdd = add(matvec(transpose(w), a), a)
  return z
}

// backward: δˡ = (δˡ⁺¹·Wᵀ) ⊙ σ'(zˡ), ∂C/∂W = aᵀ·δ, ∂C/∂b = Σ δ
export const backward = <B extends number, I extends number, O extends number>(
  w: Mat<I, O>,
  aPrev: Mat<B, I>,
  sp: Mat<B, I>,
  delta: Mat<B, O>,
) => {
  const back = matmul(delta, transpose(w))
  // @expect-error TS2345 Operand<"matmul: inner dims differ", O, I, [B, O], [I, O]
  const _backBad = matmul(delta, w)
  const dW = matmul(transpose(aPrev), delta)
  // @expect-error TS2345 Operand<"matmul: inner dims differ", I, B, [B, I], [B, O]
  const _dWBad = matmul(aPrev, delta)
  // δᵀ·a compiles but is [O, I], not the [I, O] of W: an annotation catches the swap
  const _dWT: Mat<O, I> = matmul(transpose(delta), aPrev)
  // @expect-error TS2322 Type 'Tensor<readonly [O, I]>' is not assignable to type 'Mat<I, O>'
  const _dWSwap: Mat<I, O> = matmul(transpose(delta), aPrev)
  const backT = matmulTransB(delta, w)
  // @expect-error TS2345 Operand<"matmulTransB: column counts differ", O, I, [B, O], [O, I]
  const _backTBad = matmulTransB(delta, transpose(w))
  const dWT = matmulTransA(aPrev, delta)
  // @expect-error TS2345 Operand<"matmulTransA: row counts differ", I, B, [I, B], [B, O]
  const _dWTBad = matmulTransA(transpose(aPrev), delta)
  const deltaPrev = hadamard(back, sp)
  // @expect-error TS2345 SameShape<"hadamard: shapes differ", [B, I], [I, B]
  const _deltaPrevBad = hadamard(back, transpose(sp))
  const step = sub(w, dW)
  // @expect-error TS2345 SameShape<"sub: shapes differ", [I, O], [O, I]
  const _stepBad = sub(w, transpose(dW))
  const db = sumRows(delta)
  const same = zipWith(delta, delta, Math.max)
  // @expect-error TS2345 SameShape<"zipWith: shapes differ", [B, O], [B, I]
  const _sameBad = zipWith(delta, sp, Math.max)
  return { dW, db, deltaPrev, step, same, backT, dWT }
}

// the same in pipe form
export const backwardP = <B extends number, I extends number, O extends number>(
  w: Mat<I, O>,
  sp: Mat<B, I>,
  delta: Mat<B, O>,
) => {
  const deltaPrev = pipe(delta, P.matmul(transpose(w)), P.hadamard(sp))
  // @expect-error TS2345 'MatmulBy<I, O>' is not assignable to parameter of type '(a: Mat<B, O>)
  const _bad = pipe(delta, P.matmul(w), P.hadamard(sp))
  const biased = pipe(delta, P.addBias(sumRows(delta)))
  // @expect-error TS2345 'AddBias<I>' is not assignable to parameter of type '(a: Mat<B, O>)
  const _biasedBad = pipe(delta, P.addBias(sumRows(sp)))
  return { deltaPrev, biased }
}

// two distinct type parameters are never assumed equal, even when both are 'number'-constrained
export const distinct = <I extends number, J extends number>(u: Mat<I, I>, v: Mat<J, J>) => {
  const uu = matmul(u, u)
  // @expect-error TS2345 Operand<"matmul: inner dims differ", I, J, [I, I], [J, J]
  const _uv = matmul(u, v)
  return uu
}
