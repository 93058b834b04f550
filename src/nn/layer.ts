/**
 * Layers: pure values with a typed forward and backward. A layer maps a batch `X: [B, In]` to its
 * pre-activation `Z: [B, Out]`; the network applies the layer's activation `A = σ(Z)`. Its backward takes
 * `Δ = ∂C/∂Z: [B, Out]` and gives the gradient of each parameter (same shapes as the parameters) and
 * `∂C/∂X = [B, In]`. Because both are generic in the batch `B` and the widths, a layer of your own has its
 * backward dimension-checked exactly like `dense`.
 *
 * The dense layer follows the lecture notes: `W: [In, Out]` (`w_ij` joins input `i` to output `j`), `b: [Out]`,
 * `Z = X·W + b` (per example `z = Wᵀa + b`), and backward
 * `∂C/∂W = Xᵀ Δ` (per example `a ⊗ δ`), `∂C/∂b = Σ_batch Δ`, `∂C/∂X = Δ Wᵀ`.
 *
 * Modes: `forward`/`backward` are the inference mode. A layer that behaves differently in training (dropout,
 * batch norm) also has `forwardTrain(params, x, rng)`, which threads the generator and returns `Z`, the new
 * values of its non-trainable entries (listed in `nonTrainable`) and the backward of that very pass. Dense and
 * layers of one's own without it train with `forward`/`backward`, exactly as before.
 *
 * @since 0.1.0
 */
import type { State } from 'fp-ts/lib/State.js'

import type { Activation, ActivationSpec } from './activation.js'
import { ShapeError } from '../core/errors.js'
import type { InitSpec, Initializer } from './init.js'
import { constant, he, xavierNormal } from './init.js'
import { make } from '../internal/make.js'
import { addBias, matmul, matmulTransA, matmulTransB, sumRows } from '../core/ops.js'
import type { Rng } from '../core/random.js'
import type { DimOf, Dynamic, Shape, Show } from '../core/shape.js'
import type { Matrix, Tensor, Vector } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The parameters of one layer: named tensors (`{ W, b }` for dense).
 *
 * @category model
 * @since 0.1.0
 */
export type ParamSet = { readonly [name: string]: Tensor<Shape> }

/**
 * What a layer's backward returns: the gradient of each parameter, and `∂C/∂X` on demand (the first layer's is
 * never needed, so it is never computed).
 *
 * @category model
 * @since 0.1.0
 */
export interface LayerGradients<B extends number, In extends number, P extends ParamSet> {
  readonly grads: P
  /** `∂C/∂X = Δ Wᵀ`, the error passed down to the layer below, computed when called. */
  readonly dx: () => Matrix<B, In>
}

/**
 * What a layer's training-mode forward returns: the pre-activation `Z`, the new values of the layer's
 * non-trainable entries (its running statistics; `{}` for a layer without state), the generator after the
 * layer's draws (unchanged when it draws nothing), and the backward of this very pass (it closes over the
 * dropout mask or the batch statistics), from `Δ = ∂C/∂Z`. Its gradients carry zeros for non-trainable entries.
 *
 * @category model
 * @since 0.2.0
 */
export interface TrainingForward<B extends number, In extends number, Out extends number, P extends ParamSet> {
  readonly z: Matrix<B, Out>
  readonly state: Partial<P>
  readonly rng: Rng
  /** Parameter gradients and `∂C/∂X` of this training-mode pass, from `Δ = ∂C/∂Z`. */
  backward(delta: Matrix<B, Out>): LayerGradients<B, In, P>
}

/**
 * The serialisable description of a layer, as stored in model files.
 *
 * @category model
 * @since 0.1.0
 */
export interface LayerSpec {
  readonly kind: string
  readonly inputs: number
  readonly outputs: number
  readonly activation: ActivationSpec
  readonly [option: string]: unknown
}

/**
 * A layer from `In` to `Out` features with parameters `P`. Methods (not function-valued properties) keep a
 * `Layer<2, 3, …>` assignable to `Layer<number, number, …>`, so layers of different widths sit in one tuple.
 *
 * @category model
 * @since 0.1.0
 */
export interface Layer<In extends number, Out extends number, P extends ParamSet> {
  readonly kind: string
  readonly inputs: In
  readonly outputs: Out
  readonly activation: Activation
  /** The shape of every parameter. */
  readonly shapes: { readonly [K in keyof P]: P[K]['shape'] }
  /** The parameters an L2 penalty applies to (weights, not biases). */
  readonly regularized: ReadonlyArray<keyof P & string>
  /** The description stored in model files. */
  readonly spec: LayerSpec
  /** Fresh parameters. */
  init(rng: Rng): readonly [P, Rng]
  /** `Z = f(X)`, the pre-activation. */
  forward<B extends number>(params: P, x: Matrix<B, In>): Matrix<B, Out>
  /** Parameter gradients and `∂C/∂X` from `Δ = ∂C/∂Z`. */
  backward<B extends number>(params: P, x: Matrix<B, In>, delta: Matrix<NoInfer<B>, Out>): LayerGradients<B, In, P>
  /**
   * The entries of `P` that are state, not trainable (batch norm's running mean and variance): their gradients
   * are zeros, optimizers leave them as they are, and training writes the values `forwardTrain` returns.
   * Absent: every entry is trainable.
   */
  readonly nonTrainable?: ReadonlyArray<keyof P & string>
  /**
   * The training-mode forward (dropout active, batch statistics), threading the generator. Absent: training
   * uses `forward` and `backward`, as for dense. `forward`/`backward` are always the inference mode.
   */
  forwardTrain?<B extends number>(params: P, x: Matrix<B, In>, rng: Rng): TrainingForward<B, In, Out, P>
}

/**
 * Any layer, whatever its widths and parameters.
 *
 * @category model
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyLayer = Layer<number, number, any>

/**
 * The parameters of a dense layer: `W: [In, Out]`, `b: [Out]`. A type alias, not an interface, so that it
 * fits the index signature of `ParamSet`.
 *
 * @category model
 * @since 0.1.0
 */
export type DenseParams<In extends number, Out extends number> = {
  readonly W: Matrix<In, Out>
  readonly b: Vector<Out>
}

/**
 * A dense (fully connected) layer `Z = X·W + b`.
 *
 * @category model
 * @since 0.1.0
 */
export interface Dense<In extends number, Out extends number> extends Layer<In, Out, DenseParams<In, Out>> {
  readonly kind: 'dense'
}

/**
 * Options of a dense layer: the initialisers of `W` (default He for the ReLU family, Xavier otherwise) and
 * `b` (default the constant 0.01, as in the course).
 *
 * @category model
 * @since 0.1.0
 */
export interface DenseOptions {
  readonly weights?: Initializer
  readonly bias?: Initializer
}

/**
 * `W` when it is a usable width, else a message: a positive integer literal, or `dynamic(n)` for a width known
 * only at run time (checked there). A plain `number` (a width read from a config object without `as const`,
 * `2 * HIDDEN`, a loop variable) is rejected with
 * `dense: width is number, not a literal; write dense(dynamic(n)) to check it at run time, or use a literal / as const`:
 * it would silently move every later check of the network to run time.
 *
 * @category model
 * @since 0.1.0
 */
export type Width<W extends number, Op extends string> = [W] extends [Dynamic]
  ? W
  : number extends W
    ? `${Op}: width is number, not a literal; write ${Op}(dynamic(n)) to check it at run time, or use a literal / as const`
    : `${W}` extends `-${string}` | `${string}.${string}` | '0'
      ? `${Op}: width must be a positive integer, got ${W}`
      : W

// -------------------------------------------------------------------------------------
// dense
// -------------------------------------------------------------------------------------

/**
 * The dense forward step, generic in the batch and both widths: `Z = X·W + b`.
 *
 * @category layers
 * @since 0.1.0
 */
export const denseForward = <B extends number, In extends number, Out extends number>(
  params: DenseParams<In, Out>,
  x: Matrix<B, NoInfer<In>>,
): Matrix<B, Out> => addBias(matmul(x, params.W), params.b)

/**
 * The dense backward step, generic and dimension-checked: from `Δ = ∂C/∂Z: [B, Out]`,
 * `∂C/∂W = Xᵀ Δ: [In, Out]`, `∂C/∂b = Σ_batch Δ: [Out]` and `∂C/∂X = Δ Wᵀ: [B, In]`. Dropping either transpose
 * is a compile error.
 *
 * @category layers
 * @since 0.1.0
 */
export const denseBackward = <B extends number, In extends number, Out extends number>(
  params: DenseParams<In, Out>,
  x: Matrix<B, NoInfer<In>>,
  delta: Matrix<NoInfer<B>, NoInfer<Out>>,
): LayerGradients<B, In, DenseParams<In, Out>> => ({
  grads: { W: matmulTransA(x, delta), b: sumRows(delta) },
  dx: () => matmulTransB(delta, params.W),
})

const checkWidth = (op: string, w: number): void => {
  if (!Number.isSafeInteger(w) || w < 1) throw new ShapeError(op, `width must be a positive integer, got ${w}`, [])
}

const drawTensor =
  <S extends Shape>(init: Initializer, fanIn: number, fanOut: number, shape: S): State<Rng, Tensor<S>> =>
  (rng) => {
    const [data, next] = init.draw(
      fanIn,
      fanOut,
      shape.reduce((n, d) => n * d, 1),
    )(rng)
    return [make(shape, data), next]
  }

const initSpecOf = (i: Initializer): InitSpec => i.spec

/**
 * A dense layer with both widths declared, for composing pre-built layers with `sequential`:
 * `denseLayer(784, 30, sigmoid)`. A width known only at run time is written `denseLayer(dynamic(n), 10, relu)`.
 *
 * @category layers
 * @since 0.1.0
 */
export const denseLayer = <In extends number, Out extends number>(
  inputs: Width<In, 'denseLayer'>,
  outputs: Width<Out, 'denseLayer'>,
  activation: Activation,
  options: DenseOptions = {},
): Dense<DimOf<In>, DimOf<Out>> => {
  const i = inputs as DimOf<In>
  const o = outputs as DimOf<Out>
  checkWidth('denseLayer', i)
  checkWidth('denseLayer', o)
  const name = activation.spec.name
  const weights = options.weights ?? (name === 'relu' || name === 'leakyRelu' || name === 'elu' ? he : xavierNormal)
  const bias = options.bias ?? constant(0.01)
  return {
    kind: 'dense',
    inputs: i,
    outputs: o,
    activation,
    shapes: { W: [i, o] as const, b: [o] as const },
    regularized: ['W'],
    spec: {
      kind: 'dense',
      inputs: i,
      outputs: o,
      activation: activation.spec,
      weights: initSpecOf(weights),
      bias: initSpecOf(bias),
    },
    init: (rng) => {
      const [W, r1] = drawTensor(weights, i, o, [i, o] as const)(rng)
      const [b, r2] = drawTensor(bias, i, o, [o] as const)(r1)
      return [{ W, b }, r2]
    },
    forward: denseForward,
    backward: denseBackward,
  }
}

// -------------------------------------------------------------------------------------
// layers of one's own
// -------------------------------------------------------------------------------------

/**
 * One checked entry of a layer's `shapes`: the shape written, `Written`, when it is the shape of its parameter,
 * `Expected`, else the message `defineLayer: shapes.W is [3, 2] but the parameter W is [2, 3]`. In generic code
 * (dims `I`, `O`) the check stays open and is printed as itself, naming the entry and both shapes:
 * `ParamShape<"defineLayer: shapes.W is not the shape of the parameter W", readonly [I, O], readonly [O, I]>`.
 *
 * Why this form: `[Written] extends [Expected]` is the first branch, which TypeScript counts as true when both
 * are the same type parameters, so a correct generic layer passes.
 *
 * @category model
 * @since 0.2.0
 */
export type ParamShape<Reason extends string, Expected, Written> = [Written] extends [Expected]
  ? Written
  : Reason extends `defineLayer: shapes.${infer K} is not${string}`
    ? `defineLayer: shapes.${K} is ${Show<Written>} but the parameter ${K} is ${Show<Expected>}`
    : Reason

/**
 * What {@link defineLayer} takes: a {@link Layer} whose `shapes` are checked entry by entry against the
 * parameters `P` (the type `init` returns and `forward`/`backward` take).
 *
 * @category model
 * @since 0.2.0
 */
export type LayerDefinition<In extends number, Out extends number, P extends ParamSet, Sh> = Omit<
  Layer<In, Out, P>,
  'shapes'
> & {
  readonly shapes: {
    readonly [K in keyof Sh]: K extends keyof P & string
      ? ParamShape<`defineLayer: shapes.${K} is not the shape of the parameter ${K}`, P[K]['shape'], Sh[K]>
      : `defineLayer: shapes.${K & string} names no parameter`
  }
}

/**
 * A layer of one's own, with its `shapes` checked against its parameters: an entry written the wrong way round
 * (`shapes: { W: [o, i] }` for a `W: [I, O]`) is reported against that entry, naming it and both shapes, rather
 * than as a bare `Type 'O' is not assignable to type 'I'`. The widths `In`, `Out` come from `inputs`/`outputs`,
 * the parameters `P` from `init`, `forward` and `backward`; `shapes` needs no `as const`. The value is returned
 * unchanged.
 *
 * @category layers
 * @since 0.2.0
 */
export const defineLayer = <
  In extends number,
  Out extends number,
  P extends ParamSet,
  const Sh extends { readonly [K in keyof P]: Shape },
>(
  definition: LayerDefinition<In, Out, P, Sh>,
): Layer<In, Out, P> => definition as unknown as Layer<In, Out, P>
