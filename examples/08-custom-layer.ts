/**
 * 08 — a layer of your own. `Layer<In, Out, P>` asks for a typed forward (`X: [B, In] → Z: [B, Out]`) and
 * backward (`Δ = ∂C/∂Z: [B, Out]` → the gradient of each parameter and `∂C/∂X: [B, In]`), generic in the batch
 * `B`, so its backward is dimension-checked exactly like `dense`'s; `defineLayer` also checks its `shapes` against
 * its parameters. It then composes with the built-in layers, trains, passes the gradient check and saves to a
 * model file.
 *
 * The layer here is a per-feature gain `z_bj = g_j x_bj`, that is `Z = X·diag(g)`, with
 * `∂C/∂g = Σ_batch Δ ⊙ X` and `∂C/∂X = Δ·diag(g)ᵀ`.
 *
 * Run: npm run example:08
 */
import { pipe } from 'fp-ts/lib/function.js'
import {
  defineLayer,
  fill,
  dense,
  fromFunction,
  gradientCheck,
  hadamard,
  identity,
  init,
  input,
  layer,
  type Layer,
  type LayerGradients,
  type Matrix,
  matmul,
  mse,
  Random,
  sumRows,
  tanh,
  tensor,
  transpose,
  type Vector,
} from 'tensorial'
import { isMain } from './lib/main.js'

/** The parameters: one gain per feature. A type alias (not an interface), so it fits `ParamSet`. */
export type GainParams<N extends number> = { readonly g: Vector<N> }

/** `diag(g)`: `D_ij = g_i` when `i = j`, else 0. */
const diag = <N extends number>(g: Vector<N>): Matrix<N, N> => {
  const n = g.shape[0]
  return fromFunction([n, n], ([i, j]) => (i === j ? (g.data[i] as number) : 0))
}

/**
 * A per-feature gain layer of width `n`: `Z = X·diag(g)`. `defineLayer` checks `shapes` against the parameters:
 * `shapes: { g: [n, n] }` is a compile error naming the entry and both shapes.
 */
export const gain = <N extends number>(n: N): Layer<N, N, GainParams<N>> =>
  defineLayer({
    kind: 'gain',
    inputs: n,
    outputs: n,
    activation: identity,
    shapes: { g: [n] },
    regularized: [],
    spec: { kind: 'gain', inputs: n, outputs: n, activation: identity.spec },
    init: (rng) => [{ g: fill([n], 1) }, rng],
    forward: <B extends number>(p: GainParams<N>, x: Matrix<B, N>): Matrix<B, N> => matmul(x, diag(p.g)),
    backward: <B extends number>(
      p: GainParams<N>,
      x: Matrix<B, N>,
      delta: Matrix<B, N>,
    ): LayerGradients<B, N, GainParams<N>> => ({
      // ∂C/∂g = Σ_batch Δ ⊙ X: a [N] vector, as the parameter. Dropping the transpose below, or returning
      // sumRows(delta) of another width, is a compile error.
      grads: { g: sumRows(hadamard(delta, x)) },
      dx: () => matmul(delta, transpose(diag(p.g))),
    }),
  })

/** A 3-input network with the gain layer between two dense layers. */
export const customNet = pipe(input(3), dense(4, tanh), layer(gain(4)), dense(1, identity))

export const runCustom = () => {
  const [theta, rng] = init(customNet)(Random.seed(8))
  const [xs] = Random.normals(5 * 3)(rng)
  const x = tensor([
    [xs[0] as number, xs[1] as number, xs[2] as number],
    [xs[3] as number, xs[4] as number, xs[5] as number],
    [xs[6] as number, xs[7] as number, xs[8] as number],
  ])
  const y = tensor([[0.5], [-0.2], [0.1]])
  return { theta, report: gradientCheck(customNet, theta, x, y, mse) }
}

const main = (): void => {
  const { theta, report } = runCustom()
  console.log(`layers: ${customNet.layers.map((l) => `${l.kind} ${l.inputs}→${l.outputs}`).join(', ')}`)
  console.log(`gain parameters g: ${JSON.stringify(Array.from(theta[1].g.data))}`)
  for (const r of report)
    console.log(
      `gradient check, layer ${r.layer} ${r.param}: worst relative error ${r.maxRelativeError.toExponential(2)}`,
    )
}

if (isMain(import.meta.url)) main()
