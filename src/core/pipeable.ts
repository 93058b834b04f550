/**
 * Data-last twins of the ops, for fp-ts pipelines: `pipe(x, P.matmul(W), P.addBias(b), P.map(Math.tanh))`.
 * `P.op(that)(self)` is `op(self, that)`, so `pipe(a, P.sub(b))` is `a − b`. The same shape checks apply: the
 * operand given first fixes its dims and `self` must agree, with the same messages as the data-first ops.
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/lib/Either.js'

import type { ShapeError } from './errors.js'
import * as ops from './ops.js'
import type { CheckDim, CheckShape, KnownRank, Shape, Show, Unify } from './shape.js'
import type { Tensor } from './tensor.js'

type D<X extends number> = number extends X ? 'number' : `${X}`

/**
 * `pipe(a, P.matmul(b))` is `matmul(a, b)`: `[M, K]·[K, N] → [M, N]`.
 *
 * @category ops
 * @since 0.1.0
 */
export const matmul =
  <K extends number, N extends number>(that: Tensor<readonly [K, N]>) =>
  <M extends number, K1 extends number>(
    self: CheckDim<
      K,
      K1,
      Tensor<readonly [M, K1]>,
      `matmul: inner dims differ (${D<K1>} vs ${D<K>}) in [${D<M>}, ${D<K1>}]·[${D<K>}, ${D<N>}]`
    >,
  ): Tensor<readonly [M, N]> =>
    ops.matmul(self as Tensor<readonly [M, K1]>, that as unknown as Tensor<readonly [K1, N]>)

/**
 * `pipe(m, P.matvec(v))` is `matvec(m, v)`: `[R, C]·[C] → [R]`.
 *
 * @category ops
 * @since 0.1.0
 */
export const matvec =
  <C extends number>(v: Tensor<readonly [C]>) =>
  <R extends number, C1 extends number>(
    self: CheckDim<
      C,
      C1,
      Tensor<readonly [R, C1]>,
      `matvec: matrix has ${D<C1>} columns but vector has length ${D<C>} in [${D<R>}, ${D<C1>}]·[${D<C>}]`
    >,
  ): Tensor<readonly [R]> =>
    ops.matvec(self as Tensor<readonly [R, C1]>, v as unknown as Tensor<readonly [C1]>)

/**
 * `pipe(x, P.addBias(b))` is `addBias(x, b)`: `[B, N] + [N] → [B, N]`.
 *
 * @category ops
 * @since 0.1.0
 */
export const addBias =
  <N extends number>(b: Tensor<readonly [N]>) =>
  <B extends number, N1 extends number>(
    self: CheckDim<
      N,
      N1,
      Tensor<readonly [B, N1]>,
      `addBias: bias length ${D<N>} != row width ${D<N1>} in [${D<B>}, ${D<N1>}] + [${D<N>}]`
    >,
  ): Tensor<readonly [B, N1]> =>
    ops.addBias(self as Tensor<readonly [B, N1]>, b as unknown as Tensor<readonly [N1]>)

type Elementwise<Op extends string, T extends Shape, S extends Shape> = CheckShape<
  T,
  S,
  Tensor<S>,
  `${Op}: shapes differ, ${Show<S>} vs ${Show<T>}`
>

/**
 * `pipe(a, P.add(b))` is `add(a, b)`.
 *
 * @category ops
 * @since 0.1.0
 */
export const add =
  <T extends Shape>(that: Tensor<T>) =>
  <S extends Shape>(self: Elementwise<'add', T, S>): Tensor<Unify<S, T>> =>
    ops.add(self as Tensor<S>, that as unknown as Tensor<S>) as unknown as Tensor<Unify<S, T>>

/**
 * `pipe(a, P.sub(b))` is `sub(a, b)`, `a − b`.
 *
 * @category ops
 * @since 0.1.0
 */
export const sub =
  <T extends Shape>(that: Tensor<T>) =>
  <S extends Shape>(self: Elementwise<'sub', T, S>): Tensor<Unify<S, T>> =>
    ops.sub(self as Tensor<S>, that as unknown as Tensor<S>) as unknown as Tensor<Unify<S, T>>

/**
 * `pipe(a, P.hadamard(b))` is `hadamard(a, b)`, `a ⊙ b`.
 *
 * @category ops
 * @since 0.1.0
 */
export const hadamard =
  <T extends Shape>(that: Tensor<T>) =>
  <S extends Shape>(self: Elementwise<'hadamard', T, S>): Tensor<Unify<S, T>> =>
    ops.hadamard(self as Tensor<S>, that as unknown as Tensor<S>) as unknown as Tensor<Unify<S, T>>

/**
 * `pipe(a, P.zipWith(b, f))` is `zipWith(a, b, f)`.
 *
 * @category ops
 * @since 0.1.0
 */
export const zipWith =
  <T extends Shape>(that: Tensor<T>, f: (x: number, y: number) => number) =>
  <S extends Shape>(self: Elementwise<'zipWith', T, S>): Tensor<Unify<S, T>> =>
    ops.zipWith(self as Tensor<S>, that as unknown as Tensor<S>, f) as unknown as Tensor<Unify<S, T>>

/**
 * `pipe(u, P.outer(v))` is `outer(u, v)`: `[I] ⊗ [O] → [I, O]`.
 *
 * @category ops
 * @since 0.1.0
 */
export const outer =
  <O extends number>(v: Tensor<readonly [O]>) =>
  <I extends number>(self: Tensor<readonly [I]>): Tensor<readonly [I, O]> =>
    ops.outer(self, v)

/**
 * `pipe(a, P.scale(k))` is `scale(a, k)`.
 *
 * @category ops
 * @since 0.1.0
 */
export const scale =
  (k: number) =>
  <S extends Shape>(self: Tensor<S>): Tensor<S> =>
    ops.scale(self, k)

/**
 * `pipe(a, P.map(f))` is `map(a, f)`.
 *
 * @category ops
 * @since 0.1.0
 */
export const map =
  (f: (x: number) => number) =>
  <S extends Shape>(self: Tensor<S>): Tensor<S> =>
    ops.map(self, f)

/**
 * `pipe(a, P.reshape([3, 2]))` is `reshape(a, [3, 2])`.
 *
 * @category ops
 * @since 0.1.0
 */
export const reshape =
  <const T extends Shape>(shape: KnownRank<T, 'reshape'>) =>
  <S extends Shape>(self: Tensor<S>): E.Either<ShapeError, Tensor<T>> =>
    ops.reshape<S, T>(self, shape)

/**
 * `pipe(a, P.flatten(6))` is `flatten(a, 6)`.
 *
 * @category ops
 * @since 0.1.0
 */
export const flatten =
  <N extends number>(n: N) =>
  <S extends Shape>(self: Tensor<S>): E.Either<ShapeError, Tensor<readonly [N]>> =>
    ops.flatten(self, n)

/** `transpose`, `sumRows`, `sum` and `argmax` take one tensor, so they pipe as they are. */
export { argmax, sum, sumRows, transpose } from './ops.js'
