// A layer of one's own has its forward and backward dimension-checked like dense's, and defineLayer checks its
// shapes. A linear map without a bias, Z = X·W with W: [I, O]; each negative case sits beside its positive twin.
import type { Random } from 'tensorial'
import {
  defineLayer,
  hadamard,
  identity,
  type Layer,
  type LayerGradients,
  type Matrix,
  matmul,
  sumRows,
  transpose,
  type Vector,
  zeros,
} from 'tensorial'

/** `X·diag(g)`, row by row. */
declare const mulRows: <B extends number>(x: Matrix<B, 3>, g: Vector<3>) => Matrix<B, 3>

type LinParams<I extends number, O extends number> = { readonly W: Matrix<I, O> }

export const linear = <I extends number, O extends number>(i: I, o: O): Layer<I, O, LinParams<I, O>> => ({
  kind: 'linear',
  inputs: i,
  outputs: o,
  activation: identity,
  shapes: { W: [i, o] as const },
  regularized: ['W'],
  spec: { kind: 'linear', inputs: i, outputs: o, activation: identity.spec },
  init: (rng: Random.Rng) => [{ W: zeros([i, o]) }, rng],
  forward: <B extends number>(p: LinParams<I, O>, x: Matrix<B, I>): Matrix<B, O> => matmul(x, p.W),
  backward: <B extends number>(
    p: LinParams<I, O>,
    x: Matrix<B, I>,
    delta: Matrix<B, O>,
  ): LayerGradients<B, I, LinParams<I, O>> => ({
    grads: { W: matmul(transpose(x), delta) },
    dx: () => matmul(delta, transpose(p.W)),
  }),
})

// ∂C/∂X without the transpose of W: [B, O]·[I, O]
export const dxOk = <B extends number, I extends number, O extends number>(p: LinParams<I, O>, delta: Matrix<B, O>) =>
  matmul(delta, transpose(p.W))
export const dxBad = <B extends number, I extends number, O extends number>(p: LinParams<I, O>, delta: Matrix<B, O>) =>
  // @expect-error TS2345 Operand<"matmul: inner dims differ", O, I, [B, O], [I, O]
  matmul(delta, p.W)

// ∂C/∂W the wrong way round: Δᵀ·X is [O, I], not the [I, O] of W
export const gradOk = <B extends number, I extends number, O extends number>(
  x: Matrix<B, I>,
  delta: Matrix<B, O>,
): LinParams<I, O> => ({ W: matmul(transpose(x), delta) })
export const gradBad = <B extends number, I extends number, O extends number>(
  x: Matrix<B, I>,
  delta: Matrix<B, O>,
): LinParams<I, O> => ({
  // @expect-error TS2322 Type 'Tensor<readonly [O, I]>' is not assignable to type 'Matrix<I, O>'
  W: matmul(transpose(delta), x),
})

// forward of the wrong width: X·Wᵀ·W is [B, I], not [B, O]
export const fwdOk = <B extends number, I extends number, O extends number>(
  p: LinParams<I, O>,
  x: Matrix<B, I>,
): Matrix<B, O> => matmul(x, p.W)
export const fwdBad = <B extends number, I extends number, O extends number>(
  p: LinParams<I, O>,
  x: Matrix<B, I>,
): Matrix<B, O> =>
  // @expect-error TS2322 'Tensor<readonly [B, I]>' is not assignable to type 'Matrix<B, O>'
  matmul(matmul(x, p.W), transpose(p.W))

// defineLayer checks `shapes` against the parameters: the same layer, its W entry written the right way round
// and transposed. In generic code the check is printed as itself, naming the entry and both shapes.
export const linearDefined = <I extends number, O extends number>(i: I, o: O) =>
  defineLayer({
    kind: 'linear',
    inputs: i,
    outputs: o,
    activation: identity,
    shapes: { W: [i, o] },
    regularized: ['W'],
    spec: { kind: 'linear', inputs: i, outputs: o, activation: identity.spec },
    init: (rng) => [{ W: zeros([i, o]) }, rng],
    forward: <B extends number>(p: LinParams<I, O>, x: Matrix<B, I>): Matrix<B, O> => matmul(x, p.W),
    backward: <B extends number>(p: LinParams<I, O>, x: Matrix<B, I>, delta: Matrix<B, O>) => ({
      grads: { W: matmul(transpose(x), delta) },
      dx: () => matmul(delta, transpose(p.W)),
    }),
  })
export const linearTransposed = <I extends number, O extends number>(i: I, o: O) =>
  defineLayer({
    kind: 'linear',
    inputs: i,
    outputs: o,
    activation: identity,
    // @expect-error TS2322 ParamShape<"defineLayer: shapes.W is not the shape of the parameter W", readonly [I, O], readonly [O, I]>
    shapes: { W: [o, i] },
    regularized: ['W'],
    spec: { kind: 'linear', inputs: i, outputs: o, activation: identity.spec },
    init: (rng) => [{ W: zeros([i, o]) }, rng],
    forward: <B extends number>(p: LinParams<I, O>, x: Matrix<B, I>): Matrix<B, O> => matmul(x, p.W),
    backward: <B extends number>(p: LinParams<I, O>, x: Matrix<B, I>, delta: Matrix<B, O>) => ({
      grads: { W: matmul(transpose(x), delta) },
      dx: () => matmul(delta, transpose(p.W)),
    }),
  })

// with literal widths the message is a sentence: a gain layer of 3 features whose shapes entry says 4
type Gain3 = { readonly g: Vector<3> }
const gain3 = {
  kind: 'gain',
  inputs: 3,
  outputs: 3,
  activation: identity,
  regularized: [],
  spec: { kind: 'gain', inputs: 3, outputs: 3, activation: identity.spec },
  init: (rng: Random.Rng) => [{ g: zeros([3]) }, rng] as const,
  forward: <B extends number>(p: Gain3, x: Matrix<B, 3>): Matrix<B, 3> => mulRows(x, p.g),
  backward: <B extends number>(p: Gain3, x: Matrix<B, 3>, delta: Matrix<B, 3>) => ({
    grads: { g: sumRows(hadamard(delta, x)) },
    dx: () => mulRows(delta, p.g),
  }),
} as const
export const gainOk = defineLayer({ ...gain3, shapes: { g: [3] } })
// @expect-error TS2322 defineLayer: shapes.g is [4] but the parameter g is [3]
export const gainBad = defineLayer({ ...gain3, shapes: { g: [4] } })
