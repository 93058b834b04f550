/**
 * Networks: a typed tuple of layers, its parameter set Θ, and the forward pass.
 *
 * Two ways to compose, both typed:
 * - a pipeline where each layer states only its output width and takes its input width from the network so
 *   far, so a junction mismatch cannot be written: `pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))`;
 * - `sequential(l1, l2, …)` of layers built with both widths declared (pretrained, user-defined), where a
 *   mismatch is rejected at the offending layer: `layer 1: input 4 != previous output 3`.
 *
 * The parameter set `Θ = {W¹, b¹, …, Wᴸ, bᴸ}` is a tuple mapped over the layers, `Theta<Ls>`, kept apart from
 * the architecture (spec versus params), so training maps Θ to a new Θ and never touches the network.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { State } from 'fp-ts/lib/State.js'

import type { Activation } from './activation.js'
import { ShapeError } from '../core/errors.js'
import type { AnyLayer, Dense, DenseOptions, LayerGradients, ParamSet, Width } from './layer.js'
import { denseLayer } from './layer.js'
import type { Rng } from '../core/random.js'
import type { DimOf, Dynamic, Shape } from '../core/shape.js'
import type { Matrix, Nested, NestedInput, Tensor } from '../core/tensor.js'
import { fromNested, toArray } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A network from `In` to `Out` features: the layers `Ls`, in order.
 *
 * @category model
 * @since 0.1.0
 */
export interface Network<Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number> {
  readonly inputs: In
  readonly outputs: Out
  readonly layers: Ls
}

/**
 * Any network.
 *
 * @category model
 * @since 0.1.0
 */
export type AnyNetwork = Network<ReadonlyArray<AnyLayer>, number, number>

/**
 * The parameters of a layer type.
 *
 * @category model
 * @since 0.1.0
 */
export type ParamsOf<L> = L extends {
  /** The layer's initial parameters, drawn from the generator. */
  init(rng: Rng): readonly [infer P, Rng]
}
  ? P
  : never

/**
 * The non-trainable state of a layer type: the entries of its parameters that its `nonTrainable` lists
 * (`StateOf<BatchNorm<16>>` is `{ runningMean: Vector<16>; runningVar: Vector<16> }`), or `{}` for a layer
 * without state (dense).
 *
 * @category model
 * @since 0.2.0
 */
export type StateOf<L> = L extends { readonly nonTrainable: ReadonlyArray<infer K extends string> }
  ? Pick<ParamsOf<L>, K & keyof ParamsOf<L>>
  : Record<never, never>

/**
 * The trainable parameters of a layer type: its parameters without its non-trainable state
 * (`TrainableOf<BatchNorm<16>>` is `{ gamma: Vector<16>; beta: Vector<16> }`, `TrainableOf<Dense<2, 3>>` is
 * `DenseParams<2, 3>`).
 *
 * @category model
 * @since 0.2.0
 */
export type TrainableOf<L> = L extends { readonly nonTrainable: ReadonlyArray<infer K extends string> }
  ? Omit<ParamsOf<L>, K>
  : ParamsOf<L>

/**
 * The output width of a layer type.
 *
 * @category model
 * @since 0.1.0
 */
export type OutOf<L> = L extends { readonly outputs: infer O extends number } ? O : never

/**
 * The parameter set Θ of a network with layers `Ls`: a tuple with the parameters of each layer, in order.
 * `Theta<[Dense<2, 3>, Dense<3, 1>]>` is `readonly [DenseParams<2, 3>, DenseParams<3, 1>]`.
 *
 * @category model
 * @since 0.1.0
 */
export type Theta<Ls extends ReadonlyArray<AnyLayer>> = { readonly [K in keyof Ls]: ParamsOf<Ls[K]> }

/**
 * A parameter set `T` of the network with layers `Ls` (the same layers with the same shapes), else the message
 * `predict: Θ belongs to another network (its layer shapes differ)`. The first branch compares the whole tuple,
 * so a Θ typed `Theta<Ls>` in generic code passes.
 *
 * @category model
 * @since 0.1.0
 */
export type ThetaFor<Op extends string, Ls extends ReadonlyArray<AnyLayer>, T> = [T] extends [Theta<Ls>]
  ? T
  : `${Op}: Θ belongs to another network (its layer shapes differ)`

/**
 * The gradient set `G` of a network: the same mapped tuple as Θ, one gradient per parameter with its shape.
 *
 * @category model
 * @since 0.1.0
 */
export type Gradients<Ls extends ReadonlyArray<AnyLayer>> = Theta<Ls>

/**
 * What the forward pass records for backward: the input `A⁰ = X`, and `Zˡ`, `Aˡ` of each layer.
 *
 * @category model
 * @since 0.1.0
 */
export interface Trace<Ls extends ReadonlyArray<AnyLayer>, B extends number, In extends number, Out extends number> {
  readonly input: Matrix<B, In>
  readonly layers: {
    readonly [K in keyof Ls]: { readonly z: Matrix<B, OutOf<Ls[K]>>; readonly a: Matrix<B, OutOf<Ls[K]>> }
  }
  readonly output: Matrix<B, Out>
}

/**
 * The layer at 0-based index `N` when its input width `I` equals the previous layer's output width `PO` (or
 * either is `number`, checked at run time), else the message `layer 2: input 4 != previous output 3`, which
 * numbers layers from 1 as the notes' `Wˡ` do. In generic code it is printed as itself, `LayerInput<1, I, O, …>`.
 *
 * @category model
 * @since 0.2.0
 */
export type LayerInput<N extends number | string, I extends number, PO extends number, X> = [I] extends [PO]
  ? X
  : number extends I
    ? X
    : number extends PO
      ? X
      : `layer ${Inc<`${N}`>}: input ${I} != previous output ${PO}`

/** `S + 1` for a decimal string `S` (the 0-based tuple key of a layer to its 1-based number), digit by digit. */
type Inc<S extends string> = S extends `${infer H}9`
  ? `${H extends '' ? '1' : Inc<H>}0`
  : S extends `${infer H}${Digit}`
    ? S extends `${H}${infer L extends Digit}`
      ? `${H}${Next[L]}`
      : S
    : '1'
type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8'
type Next = { '0': '1'; '1': '2'; '2': '3'; '3': '4'; '4': '5'; '5': '6'; '6': '7'; '7': '8'; '8': '9' }

/**
 * `Ls` when each layer's input width equals the previous layer's output width; otherwise the offending
 * element becomes the message `layer K: input I != previous output O`, with layers numbered from 1 as in the
 * notes. Element `K` is compared with element `K` of the shifted tuple `[first, ...Ls]`: one mapped type,
 * linear in the number of layers. It reads only the `inputs`/`outputs` properties: matching the whole `Layer`
 * interface (generic methods) costs 4× the time.
 *
 * @category model
 * @since 0.1.0
 */
export type Chain<Ls extends ReadonlyArray<AnyLayer>> = {
  [K in keyof Ls]: K extends '0'
    ? Ls[K]
    : At<readonly [AnyLayer, ...Ls], K> extends { readonly outputs: infer PO extends number }
      ? Ls[K] extends { readonly inputs: infer I extends number }
        ? LayerInput<K & string, I, PO, Ls[K]>
        : Ls[K]
      : Ls[K]
}

type At<T, K> = K extends keyof T ? T[K] : never

type First<Ls> = Ls extends readonly [{ readonly inputs: infer I extends number }, ...ReadonlyArray<unknown>]
  ? I
  : number
type Last<Ls> = Ls extends readonly [...ReadonlyArray<unknown>, { readonly outputs: infer O extends number }]
  ? O
  : number

// -------------------------------------------------------------------------------------
// composition
// -------------------------------------------------------------------------------------

/**
 * The start of a pipeline: a network with no layers and `width` input features.
 *
 * @category network
 * @since 0.1.0
 */
export const input = <In extends number>(width: Width<In, 'input'>): Network<readonly [], DimOf<In>, DimOf<In>> => {
  const w = width as DimOf<In>
  if (!Number.isSafeInteger(w) || w < 1) throw new ShapeError('input', `width must be a positive integer, got ${w}`, [])
  return { inputs: w, outputs: w, layers: [] as const }
}

/**
 * A pipeline step appending a dense layer with `outputs` units; its input width is the network's current
 * output width, so no junction can mismatch: `pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))`. A width known
 * only at run time is written `dense(dynamic(n), relu)`; a plain `number` is a compile error.
 *
 * @category network
 * @since 0.1.0
 */
export const dense =
  <O extends number>(outputs: Width<O, 'dense'>, activation: Activation, options?: DenseOptions) =>
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, PO extends number>(
    net: Network<Ls, In, PO>,
  ): Network<readonly [...Ls, Dense<PO, DimOf<O>>], In, DimOf<O>> =>
    append(
      net,
      denseLayer(
        net.outputs as unknown as Dynamic,
        outputs as unknown as Dynamic,
        activation,
        options,
      ) as unknown as Dense<PO, DimOf<O>>,
    )

/**
 * A pipeline step appending a layer built with declared widths (your own, or pretrained); its input width
 * must equal the network's current output width: `layer 3: input 4 != previous output 3` (layers numbered from 1).
 *
 * @category network
 * @since 0.1.0
 */
export const layer =
  <L extends AnyLayer>(l: L): LayerStep<L> =>
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, PO extends number>(
    net: LayerInput<Ls['length'], L['inputs'], PO, Network<Ls, In, PO>>,
  ): Network<readonly [...Ls, L], In, L['outputs']> =>
    append(net as Network<Ls, In, PO>, l)

/**
 * The pipeline step `layer(l)`: appends `l` to a network whose output width is `l`'s input width. A named type,
 * so that a mismatch in a pipeline shows the layer and the network on its first line,
 * `Argument of type 'LayerStep<Dense<4, 1>>' is not assignable to parameter of type '(b: Network<readonly
 * [Dense<2, 3>], 2, 3>) => …'`, and the sentence `layer 2: input 4 != previous output 3` on its last.
 *
 * @category network
 * @since 0.2.0
 */
export interface LayerStep<L extends AnyLayer> {
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, PO extends number>(
    net: LayerInput<Ls['length'], L['inputs'], PO, Network<Ls, In, PO>>,
  ): Network<readonly [...Ls, L], In, L['outputs']>
}

const append = <Ls extends ReadonlyArray<AnyLayer>, In extends number, L extends AnyLayer>(
  net: Network<Ls, In, number>,
  l: L,
): Network<readonly [...Ls, L], In, L['outputs']> => {
  if (l.inputs !== net.outputs)
    throw new ShapeError(
      'layer',
      `layer ${net.layers.length + 1}: input ${l.inputs} != previous output ${net.outputs}`,
      [],
    )
  return { inputs: net.inputs, outputs: l.outputs, layers: [...net.layers, l] as const }
}

/**
 * A network of layers built with declared widths, checked junction by junction: a layer whose input width
 * differs from the previous output width is rejected at that argument, with
 * `layer K: input I != previous output O`. Linear type-checking cost: 100 layers check in well under a second.
 *
 * @category network
 * @since 0.1.0
 */
export const sequential = <const Ls extends readonly [AnyLayer, ...ReadonlyArray<AnyLayer>]>(
  ...layers: Chain<Ls>
): Network<Ls, First<Ls>, Last<Ls>> => {
  const ls = layers as unknown as Ls
  ls.forEach((l, k) => {
    const prev = ls[k - 1]
    if (prev !== undefined && l.inputs !== prev.outputs)
      throw new ShapeError('sequential', `layer ${k + 1}: input ${l.inputs} != previous output ${prev.outputs}`, [])
  })
  const first = ls[0]
  const last = ls[ls.length - 1] as AnyLayer
  return { inputs: first.inputs as First<Ls>, outputs: last.outputs as Last<Ls>, layers: ls }
}

// -------------------------------------------------------------------------------------
// parameters
// -------------------------------------------------------------------------------------

/**
 * Fresh parameters Θ for every layer, drawn from a seeded generator (the same seed gives the same Θ).
 *
 * @category network
 * @since 0.1.0
 */
export const init =
  <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
    net: Network<Ls, In, Out>,
  ): State<Rng, Theta<Ls>> =>
  (rng) => {
    let r = rng
    const theta = net.layers.map((l) => {
      const [p, next] = l.init(r)
      r = next
      return p as ParamSet
    })
    return [theta as unknown as Theta<Ls>, r]
  }

/**
 * The plain-array form of one layer's parameters: `{ W: number[][], b: number[] }` for dense.
 *
 * @category model
 * @since 0.1.0
 */
export type ArraysOf<P> = { [K in keyof P]: P[K] extends Tensor<infer S> ? Nested<S> : never }

/**
 * Θ as nested number arrays, layer by layer: `[{ W: number[][], b: number[] }, …]` for dense layers.
 *
 * @category network
 * @since 0.1.0
 */
export const toArrays = <Ls extends ReadonlyArray<AnyLayer>>(
  theta: Theta<Ls>,
): { [K in keyof Ls]: ArraysOf<ParamsOf<Ls[K]>> } =>
  (theta as ReadonlyArray<ParamSet>).map((p) =>
    Object.fromEntries(Object.entries(p).map(([k, t]) => [k, toArray(t)])),
  ) as unknown as { [K in keyof Ls]: ArraysOf<ParamsOf<Ls[K]>> }

/**
 * Θ from nested number arrays (weights brought from elsewhere), checked against the network: one entry per
 * layer, each parameter with the layer's shape and finite entries. A mismatch is a `Left` naming the place:
 * `layer 1, W: [0]: expected length 3, got 2` (layers numbered from 1).
 *
 * @category network
 * @since 0.1.0
 */
export const fromArrays = <Ls extends ReadonlyArray<AnyLayer>, In extends number, Out extends number>(
  net: Network<Ls, In, Out>,
  arrays: unknown,
): E.Either<ShapeError, Theta<Ls>> => {
  const fail = (msg: string): E.Either<ShapeError, never> => E.left(new ShapeError('fromArrays', msg, []))
  if (!Array.isArray(arrays)) return fail(`expected an array of ${net.layers.length} layers, got ${typeof arrays}`)
  if (arrays.length !== net.layers.length) return fail(`expected ${net.layers.length} layers, got ${arrays.length}`)
  const out: Array<ParamSet> = []
  for (let l = 0; l < net.layers.length; l++) {
    const layer = net.layers[l] as AnyLayer
    const given: unknown = arrays[l]
    if (typeof given !== 'object' || given === null || Array.isArray(given))
      return fail(`layer ${l + 1}: expected an object with ${Object.keys(layer.shapes).join(', ')}`)
    const p: Record<string, Tensor<Shape>> = {}
    for (const [name, shape] of Object.entries(layer.shapes as Record<string, Shape>)) {
      if (!(name in given)) return fail(`layer ${l + 1}: missing ${name}`)
      const t = fromNested((given as Record<string, NestedInput>)[name] as NestedInput, shape as readonly [])
      if (E.isLeft(t)) return fail(`layer ${l + 1}, ${name}: ${t.left.reason}`)
      p[name] = t.right
    }
    const extra = Object.keys(given).filter((k) => !(k in layer.shapes))
    if (extra.length > 0) return fail(`layer ${l + 1}: unknown parameter ${extra.join(', ')}`)
    out.push(p)
  }
  return E.right(out as unknown as Theta<Ls>)
}

// -------------------------------------------------------------------------------------
// forward
// -------------------------------------------------------------------------------------

type Dyn<X extends number> = number extends X ? 'number' : `${X}`

/**
 * The input batch of `forward`/`predict`: `[B, F]` with `F` equal to the network's input width, else the message
 * `predict: input width 3 != network input 2`. In generic code it is printed as itself.
 *
 * @category model
 * @since 0.1.0
 */
export type InputBatch<Op extends string, In extends number, B extends number, F extends number> = [F] extends [In]
  ? Matrix<B, F>
  : number extends In
    ? Matrix<B, F>
    : number extends F
      ? Matrix<B, F>
      : `${Op}: input width ${Dyn<F>} != network input ${Dyn<In>}`

/**
 * The forward pass `Zˡ = Aˡ⁻¹·Wˡ + bˡ`, `Aˡ = σ(Zˡ)` for a batch `X: [B, In]` (any `B`), recording every `Zˡ`
 * and `Aˡ` for backward. The output is `Aᴸ: [B, Out]`.
 *
 * @category network
 * @since 0.1.0
 */
export const forward = <
  Ls extends ReadonlyArray<AnyLayer>,
  In extends number,
  Out extends number,
  B extends number,
  F extends number,
  const T = Theta<Ls>,
>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'forward', Ls, T>,
  x: InputBatch<'forward', In, B, F>,
): Trace<Ls, B, In, Out> => {
  const X = x as Matrix<B, F>
  checkInput('forward', net, X)
  const ps = theta as ReadonlyArray<ParamSet>
  let a: Matrix<B, number> = X
  const layers = net.layers.map((l, i) => {
    const z = l.forward(ps[i], a)
    a = l.activation.apply(z)
    return { z, a }
  })
  return { input: X, layers, output: a } as unknown as Trace<Ls, B, In, Out>
}

/**
 * The network's output `Aᴸ: [B, Out]` for a batch, without recording anything for backward.
 *
 * @category network
 * @since 0.1.0
 */
export const predict = <
  Ls extends ReadonlyArray<AnyLayer>,
  In extends number,
  Out extends number,
  B extends number,
  F extends number,
  const T = Theta<Ls>,
>(
  net: Network<Ls, In, Out>,
  theta: ThetaFor<'predict', Ls, T>,
  x: InputBatch<'predict', In, B, F>,
): Matrix<B, Out> => {
  const X = x as Matrix<B, F>
  checkInput('predict', net, X)
  const ps = theta as ReadonlyArray<ParamSet>
  return net.layers.reduce<Matrix<B, number>>((a, l, i) => l.activation.apply(l.forward(ps[i], a)), X) as Matrix<B, Out>
}

/**
 * What the training-mode forward pass records: a {@link Trace}, Θ after the pass (each layer's non-trainable
 * entries, such as batch norm's running statistics, replaced by their new values; the other entries are the
 * same tensors), and for each layer with a training-mode forward the backward of that pass (closing over its
 * dropout mask or batch statistics); `undefined` for a layer, such as dense, whose `backward` serves.
 *
 * @category model
 * @since 0.2.0
 */
export interface TrainingTrace<
  Ls extends ReadonlyArray<AnyLayer>,
  B extends number,
  In extends number,
  Out extends number,
> extends Trace<Ls, B, In, Out> {
  /** Θ after the pass: the new running statistics in place of the old ones. */
  readonly theta: Theta<Ls>
  /** Per layer, the backward of its training-mode pass, or `undefined` where `layer.backward` serves. */
  readonly backs: ReadonlyArray<((delta: Matrix<B, number>) => LayerGradients<B, number, ParamSet>) | undefined>
}

/**
 * The forward pass in training mode, as a `State<Rng, …>`: each layer with a `forwardTrain` (dropout, batch
 * norm) runs it, threading the generator (dropout draws its mask from it; nothing else draws, so a network
 * without dropout leaves the generator as it is), and reports its new running statistics; every other layer
 * runs `forward`, exactly as {@link forward} does. Pure: the same Θ, batch and generator give the same bits.
 *
 * @category network
 * @since 0.2.0
 */
export const forwardTraining =
  <
    Ls extends ReadonlyArray<AnyLayer>,
    In extends number,
    Out extends number,
    B extends number,
    F extends number,
    const T = Theta<Ls>,
  >(
    net: Network<Ls, In, Out>,
    theta: ThetaFor<'forwardTraining', Ls, T>,
    x: InputBatch<'forwardTraining', In, B, F>,
  ): State<Rng, TrainingTrace<Ls, B, In, Out>> =>
  (rng) => {
    const X = x as Matrix<B, F>
    checkInput('forwardTraining', net, X)
    const ps = theta as ReadonlyArray<ParamSet>
    let a: Matrix<B, number> = X
    let r = rng
    const backs: Array<((delta: Matrix<B, number>) => LayerGradients<B, number, ParamSet>) | undefined> = []
    const after: Array<ParamSet> = []
    const layers = net.layers.map((l, i) => {
      const p = ps[i] as ParamSet
      if (l.forwardTrain === undefined) {
        const z = l.forward(p, a)
        a = l.activation.apply(z)
        backs.push(undefined)
        after.push(p)
        return { z, a }
      }
      const t = l.forwardTrain(p, a, r)
      r = t.rng
      backs.push((delta) => t.backward(delta))
      after.push(Object.keys(t.state).length === 0 ? p : { ...p, ...(t.state as ParamSet) })
      const z = t.z
      a = l.activation.apply(z)
      return { z, a }
    })
    return [{ input: X, layers, output: a, theta: after, backs } as unknown as TrainingTrace<Ls, B, In, Out>, r]
  }

/**
 * The names of each layer's non-trainable entries (batch norm's `runningMean`, `runningVar`), index-aligned
 * with the layers: what `Optim.step` is told to leave alone.
 *
 * @category network
 * @since 0.2.0
 */
export const nonTrainable = (net: AnyNetwork): ReadonlyArray<ReadonlyArray<string>> =>
  net.layers.map((l) => l.nonTrainable ?? [])

/**
 * The number of trainable parameters of a network (all parameters but the non-trainable state).
 *
 * @category network
 * @since 0.2.0
 */
export const trainableCount = (net: AnyNetwork): number =>
  net.layers.reduce(
    (n, l) =>
      n +
      Object.entries(l.shapes as Record<string, Shape>)
        .filter(([k]) => !(l.nonTrainable ?? []).includes(k))
        .reduce((m, [, s]) => m + s.reduce((k, d) => k * d, 1), 0),
    0,
  )

const checkInput = (op: string, net: AnyNetwork, x: Tensor<Shape>): void => {
  if (x.shape.length !== 2 || x.shape[1] !== net.inputs)
    throw new ShapeError(op, `input width ${x.shape[1]} != network input ${net.inputs}`, [x.shape])
}

/**
 * The number of parameters of a network.
 *
 * @category network
 * @since 0.1.0
 */
export const parameterCount = (net: AnyNetwork): number =>
  net.layers.reduce(
    (n, l) =>
      n + Object.values(l.shapes as Record<string, Shape>).reduce((m, s) => m + s.reduce((k, d) => k * d, 1), 0),
    0,
  )
