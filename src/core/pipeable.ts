/**
 * Data-last twins of the ops, for fp-ts pipelines: `pipe(x, P.matmul(W), P.addBias(b), P.map(Math.tanh))`.
 * `P.op(that)(self)` is `op(self, that)`, so `pipe(a, P.sub(b))` is `a − b`. The same shape checks apply: the
 * operand given first fixes its dims and `self` must agree, with the same messages as the data-first ops. An
 * elementwise step keeps the shape of `self` (a dynamic dim of `self` stays `number`; the data-first op refines it).
 *
 * @since 0.1.0
 */
import type * as E from 'fp-ts/lib/Either.js'

import type { ShapeError } from './errors.js'
import * as ops from './ops.js'
import type { KnownRank, Operand, SameShape, Shape } from './shape.js'
import type { Tensor } from './tensor.js'

/**
 * `pipe(a, P.matmul(b))` is `matmul(a, b)`: `[M, K]·[K, N] → [M, N]`.
 *
 * @category ops
 * @since 0.1.0
 */
export const matmul =
  <K extends number, N extends number>(that: Tensor<readonly [K, N]>): MatmulBy<K, N> =>
  <M extends number, K1 extends number>(
    self: Operand<'matmul: inner dims differ', K1, K, [M, K1], [K, N], Tensor<readonly [M, K1]>>,
  ): Tensor<readonly [M, N]> =>
    ops.matmul(self as Tensor<readonly [M, K1]>, that as unknown as Tensor<readonly [K1, N]>)

/**
 * The step `P.matmul(b)` for a `b: [K, N]`: `self: [M, K] → [M, N]`. A named type, so that a mismatch in a
 * pipeline names the op and both shapes on its first line:
 * `Argument of type 'MatmulBy<4, 5>' is not assignable to parameter of type '(a: Tensor<readonly [2, 3]>) => …'`.
 *
 * @category model
 * @since 0.2.0
 */
export interface MatmulBy<K extends number, N extends number> {
  <M extends number, K1 extends number>(
    self: Operand<'matmul: inner dims differ', K1, K, [M, K1], [K, N], Tensor<readonly [M, K1]>>,
  ): Tensor<readonly [M, N]>
}

/**
 * `pipe(m, P.matvec(v))` is `matvec(m, v)`: `[R, C]·[C] → [R]`.
 *
 * @category ops
 * @since 0.1.0
 */
export const matvec =
  <C extends number>(v: Tensor<readonly [C]>): MatvecBy<C> =>
  <R extends number, C1 extends number>(
    self: Operand<'matvec: matrix columns != vector length', C1, C, [R, C1], [C], Tensor<readonly [R, C1]>>,
  ): Tensor<readonly [R]> =>
    ops.matvec(self as Tensor<readonly [R, C1]>, v as unknown as Tensor<readonly [C1]>)

/**
 * The step `P.matvec(v)` for a `v: [C]`: `self: [R, C] → [R]`, named so that a pipeline mismatch shows it.
 *
 * @category model
 * @since 0.2.0
 */
export interface MatvecBy<C extends number> {
  <R extends number, C1 extends number>(
    self: Operand<'matvec: matrix columns != vector length', C1, C, [R, C1], [C], Tensor<readonly [R, C1]>>,
  ): Tensor<readonly [R]>
}

/**
 * `pipe(x, P.addBias(b))` is `addBias(x, b)`: `[B, N] + [N] → [B, N]`.
 *
 * @category ops
 * @since 0.1.0
 */
export const addBias =
  <N extends number>(b: Tensor<readonly [N]>): AddBias<N> =>
  <B extends number, N1 extends number>(
    self: Operand<'addBias: row width != bias length', N1, N, [B, N1], [N], Tensor<readonly [B, N1]>>,
  ): Tensor<readonly [B, N1]> =>
    ops.addBias(self as Tensor<readonly [B, N1]>, b as unknown as Tensor<readonly [N1]>)

/**
 * The step `P.addBias(b)` for a `b: [N]`: `self: [B, N] → [B, N]`, named so that a pipeline mismatch shows it.
 *
 * @category model
 * @since 0.2.0
 */
export interface AddBias<N extends number> {
  <B extends number, N1 extends number>(
    self: Operand<'addBias: row width != bias length', N1, N, [B, N1], [N], Tensor<readonly [B, N1]>>,
  ): Tensor<readonly [B, N1]>
}

type SameAs<Op extends string, T extends Shape, S extends Shape> = SameShape<
  `${Op}: shapes differ`,
  [...S],
  [...T],
  Tensor<S>
>

/**
 * The step of an elementwise op with `that: T` (`P.add`, `P.sub`, `P.hadamard`, `P.zipWith`): `self: T → T`,
 * named with the op so that a pipeline mismatch shows both on its first line:
 * `Argument of type 'Elementwise<"add", readonly [2, 4]>' is not assignable to parameter of type '(a: Tensor<readonly [2, 3]>) => …'`.
 *
 * @category model
 * @since 0.2.0
 */
export interface Elementwise<Op extends string, T extends Shape> {
  <S extends Shape>(self: SameAs<Op, T, S>): Tensor<S>
}

/**
 * `pipe(a, P.add(b))` is `add(a, b)`.
 *
 * @category ops
 * @since 0.1.0
 */
export const add =
  <T extends Shape>(that: Tensor<T>): Elementwise<'add', T> =>
  <S extends Shape>(self: SameAs<'add', T, S>): Tensor<S> =>
    ops.add(self as Tensor<S>, that as unknown as Tensor<S>) as unknown as Tensor<S>

/**
 * `pipe(a, P.sub(b))` is `sub(a, b)`, `a − b`.
 *
 * @category ops
 * @since 0.1.0
 */
export const sub =
  <T extends Shape>(that: Tensor<T>): Elementwise<'sub', T> =>
  <S extends Shape>(self: SameAs<'sub', T, S>): Tensor<S> =>
    ops.sub(self as Tensor<S>, that as unknown as Tensor<S>) as unknown as Tensor<S>

/**
 * `pipe(a, P.hadamard(b))` is `hadamard(a, b)`, `a ⊙ b`.
 *
 * @category ops
 * @since 0.1.0
 */
export const hadamard =
  <T extends Shape>(that: Tensor<T>): Elementwise<'hadamard', T> =>
  <S extends Shape>(self: SameAs<'hadamard', T, S>): Tensor<S> =>
    ops.hadamard(self as Tensor<S>, that as unknown as Tensor<S>) as unknown as Tensor<S>

/**
 * `pipe(a, P.zipWith(b, f))` is `zipWith(a, b, f)`.
 *
 * @category ops
 * @since 0.1.0
 */
export const zipWith =
  <T extends Shape>(that: Tensor<T>, f: (x: number, y: number) => number): Elementwise<'zipWith', T> =>
  <S extends Shape>(self: SameAs<'zipWith', T, S>): Tensor<S> =>
    ops.zipWith(self as Tensor<S>, that as unknown as Tensor<S>, f) as unknown as Tensor<S>

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
