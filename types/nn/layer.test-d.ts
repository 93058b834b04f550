import { pipe } from 'fp-ts/lib/function.js'
import { expectType } from 'tsd'

import {
  defineLayer,
  dense,
  identity,
  input,
  type Layer,
  layer,
  type Matrix,
  matmul,
  type Network,
  type Random,
  transpose,
  type Dense,
  zeros,
} from 'tensorial'

type LinParams<I extends number, O extends number> = { readonly W: Matrix<I, O> }

const linear = <I extends number, O extends number>(i: I, o: O) =>
  defineLayer({
    kind: 'linear',
    inputs: i,
    outputs: o,
    activation: identity,
    shapes: { W: [i, o] },
    regularized: ['W'],
    spec: { kind: 'linear', inputs: i, outputs: o, activation: identity.spec },
    init: (rng: Random.Rng) => [{ W: zeros([i, o]) }, rng],
    forward: <B extends number>(p: LinParams<I, O>, x: Matrix<B, I>): Matrix<B, O> => matmul(x, p.W),
    backward: <B extends number>(p: LinParams<I, O>, x: Matrix<B, I>, delta: Matrix<B, O>) => ({
      grads: { W: matmul(transpose(x), delta) },
      dx: () => matmul(delta, transpose(p.W)),
    }),
  })

// defineLayer infers the widths from inputs/outputs and the parameters from forward/backward
expectType<Layer<2, 3, LinParams<2, 3>>>(linear(2, 3))
// and the layer composes like a built-in one
expectType<Network<readonly [Layer<2, 3, LinParams<2, 3>>, Dense<3, 1>], 2, 1>>(
  pipe(input(2), layer(linear(2, 3)), dense(1, identity)),
)
