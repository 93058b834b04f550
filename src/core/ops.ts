/**
 * The primitive ops, data-first: `matmul(a, b)` reads like the formula `a·b`, so the lecture notes'
 * `z = Wᵀa + b` is `add(matvec(transpose(W), a), b)`. Every op has a data-last twin in `P` for fp-ts pipelines:
 * `pipe(x, P.matmul(W), P.addBias(b))`.
 *
 * Why data-first as the primary form: binary ops have two tensor operands, and in data-first form TypeScript
 * infers both shapes from the call itself, so a mismatch is reported on the offending argument with both
 * shapes in the message. Curried data-last forms fix the right operand first, which reads backwards in
 * formulas (`P.sub(b)(a)` is `a − b`).
 *
 * Static dims are checked at compile time; where a dim is `number` (dynamic), the op checks it at run time and
 * throws a `ShapeError` naming the op and both shapes. Ops never mutate their inputs.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'

import { ShapeError } from './errors.js'
import { gemm, gemmNN, transposeInto } from '../internal/kernels.js'
import { buf, make, makeFresh, validDim } from '../internal/make.js'
import type { KnownRank, Operand, SameShape, Shape, Unify } from './shape.js'
import { numel, sameShape, showShape } from './shape.js'
import type { Tensor } from './tensor.js'

// -------------------------------------------------------------------------------------
// messages
// -------------------------------------------------------------------------------------

/**
 * The right operand of `matmul(a: [M, K], b)`: `[K2, N]` with `K2` equal to `K`, else the message
 * `matmul: inner dims differ (3 vs 4) in [2, 3]·[4, 5]`.
 *
 * @category model
 * @since 0.1.0
 */
export type MatmulRight<M extends number, K extends number, K2 extends number, N extends number> = Operand<
  'matmul: inner dims differ',
  K,
  K2,
  [M, K],
  [K2, N],
  Tensor<readonly [K2, N]>
>

/**
 * The vector operand of `matvec(m: [R, C], v)`: `[C2]` with `C2` equal to `C`, else the message
 * `matvec: matrix has 3 columns but vector has length 2 in [2, 3]·[2]`.
 *
 * @category model
 * @since 0.1.0
 */
export type MatvecRight<R extends number, C extends number, C2 extends number> = Operand<
  'matvec: matrix columns != vector length',
  C,
  C2,
  [R, C],
  [C2],
  Tensor<readonly [C2]>
>

/**
 * The bias operand of `addBias(x: [B, N], b)`: `[N2]` with `N2` equal to `N`, else the message
 * `addBias: bias length 2 != row width 3 in [2, 3] + [2]`.
 *
 * @category model
 * @since 0.1.0
 */
export type BiasRight<B extends number, N extends number, N2 extends number> = Operand<
  'addBias: row width != bias length',
  N,
  N2,
  [B, N],
  [N2],
  Tensor<readonly [N2]>
>

/**
 * The second operand of an elementwise op: a tensor of the same shape as the first, else the message
 * `add: shapes differ, [2, 3] vs [2, 4]`.
 *
 * @category model
 * @since 0.1.0
 */
export type SameShapeRight<Op extends string, A extends Shape, B extends Shape> = SameShape<
  `${Op}: shapes differ`,
  [...A],
  [...B],
  Tensor<B>
>

// -------------------------------------------------------------------------------------
// internal checks
// -------------------------------------------------------------------------------------

const rank = (op: string, t: Tensor<Shape>, r: number): void => {
  if (t.shape.length !== r)
    throw new ShapeError(op, `expected a rank-${r} tensor, got rank ${t.shape.length}`, [t.shape])
}

const dimsEqual = (op: string, what: string, x: number, y: number, shapes: ReadonlyArray<Shape>): void => {
  if (x !== y) throw new ShapeError(op, `${what} (${x} vs ${y})`, shapes)
}

const alloc = (n: number): Float64Array => new Float64Array(n)

// -------------------------------------------------------------------------------------
// linear algebra
// -------------------------------------------------------------------------------------

/**
 * The run time of `matmul`, `matmulTransA` and `matmulTransB`: `op(A)·op(B)` with `op` a transpose where asked,
 * after checking that both are matrices and that the contracted dims agree.
 */
const product = (
  op: string,
  reason: string,
  transA: boolean,
  transB: boolean,
  a: Tensor<Shape>,
  b: Tensor<Shape>,
): Tensor<Shape> => {
  rank(op, a, 2)
  rank(op, b, 2)
  const m = a.shape[transA ? 1 : 0] as number
  const k = a.shape[transA ? 0 : 1] as number
  const k2 = b.shape[transB ? 1 : 0] as number
  const n = b.shape[transB ? 0 : 1] as number
  dimsEqual(op, reason, k, k2, [a.shape, b.shape])
  const out = alloc(m * n)
  gemm(transA, transB, m, n, k, buf(a), buf(b), out, false)
  return makeFresh([m, n] as const, out)
}

/**
 * Matrix product `C = A·B`, `C_ij = Σ_k A_ik B_kj`: `[M, K]·[K, N] → [M, N]`.
 * Derivatives: `∂C/∂A = G·Bᵀ`, `∂C/∂B = Aᵀ·G` for an upstream gradient `G`.
 *
 * @example
 * matmul(tensor([[1, 2]]), tensor([[3], [4]])) // [[11]], a Tensor<readonly [1, 1]>
 *
 * @category ops
 * @since 0.1.0
 */
export const matmul = <M extends number, K extends number, K2 extends number, N extends number>(
  a: Tensor<readonly [M, K]>,
  b: MatmulRight<M, K, K2, N>,
): Tensor<readonly [M, N]> =>
  product('matmul', 'inner dims differ', false, false, a, b as Tensor<Shape>) as Tensor<readonly [M, N]>

/**
 * `Aᵀ·B` without materialising the transpose: `[K, M]ᵀ·[K, N] → [M, N]`, `C_ij = Σ_k A_ki B_kj`. The batched
 * weight gradient `∂C/∂W = (Aˡ⁻¹)ᵀ Δˡ` is `matmulTransA(aPrev, delta)`. Same result as
 * `matmul(transpose(a), b)`, with the same checks.
 *
 * @category ops
 * @since 0.1.0
 */
export const matmulTransA = <K extends number, M extends number, K2 extends number, N extends number>(
  a: Tensor<readonly [K, M]>,
  b: Operand<'matmulTransA: row counts differ', K, K2, [K, M], [K2, N], Tensor<readonly [K2, N]>>,
): Tensor<readonly [M, N]> =>
  product('matmulTransA', 'row counts differ', true, false, a, b as Tensor<Shape>) as Tensor<readonly [M, N]>

/**
 * `A·Bᵀ` without materialising the transpose: `[M, K]·[N, K]ᵀ → [M, N]`, `C_ij = Σ_k A_ik B_jk`. The batched
 * backpropagated error `Δˡ⁺¹ (Wˡ⁺¹)ᵀ` is `matmulTransB(delta, W)`. Same result as `matmul(a, transpose(b))`.
 *
 * @category ops
 * @since 0.1.0
 */
export const matmulTransB = <M extends number, K extends number, N extends number, K2 extends number>(
  a: Tensor<readonly [M, K]>,
  b: Operand<'matmulTransB: column counts differ', K, K2, [M, K], [N, K2], Tensor<readonly [N, K2]>>,
): Tensor<readonly [M, N]> =>
  product('matmulTransB', 'column counts differ', false, true, a, b as Tensor<Shape>) as Tensor<readonly [M, N]>

/**
 * Matrix–vector product `y = M·v`, `y_i = Σ_j M_ij v_j`: `[R, C]·[C] → [R]`.
 * Derivatives: `∂y/∂M = g ⊗ v`, `∂y/∂v = Mᵀ·g`.
 *
 * @category ops
 * @since 0.1.0
 */
export const matvec = <R extends number, C extends number, C2 extends number>(
  m: Tensor<readonly [R, C]>,
  v: MatvecRight<R, C, C2>,
): Tensor<readonly [R]> => {
  const V = v as Tensor<readonly [C2]>
  rank('matvec', m, 2)
  rank('matvec', V, 1)
  const r = m.shape[0]
  const c = m.shape[1]
  dimsEqual('matvec', 'matrix columns != vector length', c, V.shape[0], [m.shape, V.shape])
  const out = alloc(r)
  gemmNN(r, 1, c, buf(m), buf(V), out)
  return makeFresh([r] as const, out)
}

/**
 * Transpose `(Aᵀ)_ij = A_ji`: `[R, C] → [C, R]`. Its derivative is the transpose of the upstream gradient.
 *
 * @category ops
 * @since 0.1.0
 */
export const transpose = <R extends number, C extends number>(m: Tensor<readonly [R, C]>): Tensor<readonly [C, R]> => {
  rank('transpose', m, 2)
  const r = m.shape[0]
  const c = m.shape[1]
  const out = alloc(r * c)
  transposeInto(r, c, buf(m), out)
  return makeFresh([c, r] as const, out)
}

/**
 * Outer product `(u ⊗ v)_ij = u_i v_j`: `[I] ⊗ [O] → [I, O]`, the shape of a weight matrix `W`.
 * This is the per-example gradient `∂C/∂W = a ⊗ δ`. Derivatives: `∂/∂u = G·v`, `∂/∂v = Gᵀ·u`.
 *
 * @category ops
 * @since 0.1.0
 */
export const outer = <I extends number, O extends number>(
  u: Tensor<readonly [I]>,
  v: Tensor<readonly [O]>,
): Tensor<readonly [I, O]> => {
  rank('outer', u, 1)
  rank('outer', v, 1)
  const i = u.shape[0]
  const o = v.shape[0]
  const out = alloc(i * o)
  gemmNN(i, o, 1, buf(u), buf(v), out)
  return makeFresh([i, o] as const, out)
}

/**
 * Row broadcast `Y = X + 1·bᵀ`, `Y_ij = X_ij + b_j`: `[B, N] + [N] → [B, N]`, the batched `z = Wᵀa + b`.
 * Derivatives: `∂/∂X = G`, `∂/∂b = Σ_i G_i·` (`sumRows`).
 *
 * @category ops
 * @since 0.1.0
 */
export const addBias = <B extends number, N extends number, N2 extends number>(
  x: Tensor<readonly [B, N]>,
  b: BiasRight<B, N, N2>,
): Tensor<readonly [B, N]> => {
  const bias = b as Tensor<readonly [N2]>
  rank('addBias', x, 2)
  rank('addBias', bias, 1)
  const rows = x.shape[0]
  const n = x.shape[1]
  dimsEqual('addBias', 'bias length != row width', n, bias.shape[0], [x.shape, bias.shape])
  const xs = buf(x)
  const bs = buf(bias)
  const out = alloc(rows * n)
  for (let i = 0; i < rows; i++) {
    const o = i * n
    for (let j = 0; j < n; j++) out[o + j] = (xs[o + j] as number) + (bs[j] as number)
  }
  return make(x.shape, out)
}

/**
 * Column sums `s_j = Σ_i X_ij`: `[B, N] → [N]`, the batched bias gradient `∂C/∂b = Σ_batch δ`.
 * Derivative: `∂s_j/∂X_ij = 1`.
 *
 * @category ops
 * @since 0.1.0
 */
export const sumRows = <B extends number, N extends number>(x: Tensor<readonly [B, N]>): Tensor<readonly [N]> => {
  rank('sumRows', x, 2)
  const rows = x.shape[0]
  const n = x.shape[1]
  const xs = buf(x)
  const out = alloc(n)
  for (let i = 0; i < rows; i++) {
    const o = i * n
    for (let j = 0; j < n; j++) out[j] += xs[o + j] as number
  }
  return makeFresh([n] as const, out)
}

// -------------------------------------------------------------------------------------
// elementwise
// -------------------------------------------------------------------------------------

const zip = <A extends Shape, B extends Shape>(
  op: string,
  a: Tensor<A>,
  b: Tensor<B>,
  f: (x: number, y: number) => number,
): Tensor<Unify<A, B>> => {
  if (!sameShape(a.shape, b.shape)) throw new ShapeError(op, 'shapes differ', [a.shape, b.shape])
  const xs = buf(a)
  const ys = buf(b)
  const out = alloc(xs.length)
  for (let i = 0; i < out.length; i++) out[i] = f(xs[i] as number, ys[i] as number)
  return make(a.shape as unknown as Unify<A, B>, out)
}

/**
 * Elementwise sum `(A + B)_i = A_i + B_i`; shapes must be equal. Derivatives: `∂/∂A = ∂/∂B = G`.
 *
 * @category ops
 * @since 0.1.0
 */
export const add = <A extends Shape, B extends Shape>(
  a: Tensor<A>,
  b: SameShapeRight<'add', A, B>,
): Tensor<Unify<A, B>> => zip('add', a, b as Tensor<B>, (x, y) => x + y)

/**
 * Elementwise difference `(A − B)_i = A_i − B_i`. Derivatives: `∂/∂A = G`, `∂/∂B = −G`.
 *
 * @category ops
 * @since 0.1.0
 */
export const sub = <A extends Shape, B extends Shape>(
  a: Tensor<A>,
  b: SameShapeRight<'sub', A, B>,
): Tensor<Unify<A, B>> => zip('sub', a, b as Tensor<B>, (x, y) => x - y)

/**
 * Hadamard (elementwise) product `(A ⊙ B)_i = A_i B_i`, as in `δˡ = (Wˡ⁺¹δˡ⁺¹) ⊙ σ'(zˡ)`.
 * Derivatives: `∂/∂A = G ⊙ B`, `∂/∂B = G ⊙ A`.
 *
 * @category ops
 * @since 0.1.0
 */
export const hadamard = <A extends Shape, B extends Shape>(
  a: Tensor<A>,
  b: SameShapeRight<'hadamard', A, B>,
): Tensor<Unify<A, B>> => zip('hadamard', a, b as Tensor<B>, (x, y) => x * y)

/**
 * Elementwise combination `f(A_i, B_i)` of two tensors of one shape.
 *
 * @category ops
 * @since 0.1.0
 */
export const zipWith = <A extends Shape, B extends Shape>(
  a: Tensor<A>,
  b: SameShapeRight<'zipWith', A, B>,
  f: (x: number, y: number) => number,
): Tensor<Unify<A, B>> => zip('zipWith', a, b as Tensor<B>, f)

/**
 * Scalar multiple `(kA)_i = k A_i`. Derivatives: `∂/∂A = kG`, `∂/∂k = Σ_i G_i A_i`.
 *
 * @category ops
 * @since 0.1.0
 */
export const scale = <S extends Shape>(a: Tensor<S>, k: number): Tensor<S> => map(a, (x) => k * x)

/**
 * Elementwise map `f(A)_i = f(A_i)`; its derivative is `G ⊙ f'(A)`.
 *
 * @category ops
 * @since 0.1.0
 */
export const map = <S extends Shape>(a: Tensor<S>, f: (x: number) => number): Tensor<S> => {
  const xs = buf(a)
  const out = alloc(xs.length)
  for (let i = 0; i < out.length; i++) out[i] = f(xs[i] as number)
  return make(a.shape, out)
}

// -------------------------------------------------------------------------------------
// reductions
// -------------------------------------------------------------------------------------

/**
 * The sum of all entries `Σ_i A_i` (0 for an empty tensor). Derivative: 1 for every entry.
 *
 * @category ops
 * @since 0.1.0
 */
export const sum = <S extends Shape>(a: Tensor<S>): number => {
  const xs = buf(a)
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i] as number
  return s
}

/**
 * Row-wise argmax `r_i = argmax_j X_ij` (the first index on ties): `[B, N] → B` class indices. A row of
 * width 0 has no argmax and gives −1. Not differentiable.
 *
 * @category ops
 * @since 0.1.0
 */
export const argmax = <B extends number, N extends number>(x: Tensor<readonly [B, N]>): ReadonlyArray<number> => {
  rank('argmax', x, 2)
  const rows = x.shape[0]
  const n = x.shape[1]
  const xs = buf(x)
  const out = new Array<number>(rows)
  for (let i = 0; i < rows; i++) {
    let best = -1
    let bestV = -Infinity
    for (let j = 0; j < n; j++) {
      const v = xs[i * n + j] as number
      if (best === -1 || v > bestV) {
        best = j
        bestV = v
      }
    }
    out[i] = best
  }
  return out
}

// -------------------------------------------------------------------------------------
// shape changes
// -------------------------------------------------------------------------------------

/**
 * The same entries, in the same row-major order, under a new shape given explicitly. The sizes must agree;
 * this is checked at run time (no type-level arithmetic), so the result is an `Either`.
 *
 * @category ops
 * @since 0.1.0
 */
export const reshape = <S extends Shape, const T extends Shape>(
  a: Tensor<S>,
  shape: KnownRank<T, 'reshape'>,
): E.Either<ShapeError, Tensor<T>> => {
  const t = shape as T
  if (!t.every(validDim))
    return E.left(new ShapeError('reshape', 'every dim must be a non-negative integer', [a.shape, t]))
  if (numel(t) !== numel(a.shape))
    return E.left(
      new ShapeError(
        'reshape',
        `size ${numel(a.shape)} of ${showShape(a.shape)} != size ${numel(t)} of ${showShape(t)}`,
        [a.shape, t],
      ),
    )
  return E.right(make(t, buf(a).slice()))
}

/**
 * All entries as a vector of the stated length `n`, which must equal the size (checked at run time).
 *
 * @category ops
 * @since 0.1.0
 */
export const flatten = <S extends Shape, N extends number>(
  a: Tensor<S>,
  n: N,
): E.Either<ShapeError, Tensor<readonly [N]>> =>
  E.mapLeft((e: ShapeError) => new ShapeError('flatten', e.reason, e.shapes))(reshape(a, [n] as const))
