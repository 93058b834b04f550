// Type tests of Model (versioned model files): a loaded Θ has exactly the static type of the definition's
// `init(net)` Θ, so it feeds that network's predict and no other. Each negative case sits beside a positive twin
// that differs only in the point under test.
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd'

import {
  type EncodeError,
  type Codec,
  type Cost,
  crossEntropy,
  type Dense,
  dense,
  denseLayer,
  elu,
  init,
  input,
  type Matrix,
  Model,
  predict,
  Random,
  relu,
  sequential,
  sigmoid,
  softmax,
  type Theta,
  zeros,
} from 'tensorial'

type Ls = readonly [Dense<2, 3>, Dense<3, 1>]
const net = pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))
const other = pipe(input(2), dense(4, sigmoid), dense(1, sigmoid))
const [theta] = init(net)(Random.seed(1))
const [thetaOther] = init(other)(Random.seed(1))
declare const text: string
declare const u: unknown

// ---- load: the result type -------------------------------------------------------------------------------------

const r = Model.load(net, text)
expectType<E.Either<Codec.DecodeError, Model.Loaded<Ls>>>(r)
expectType<E.Either<Codec.DecodeError, Model.Loaded<Ls>>>(Model.load(net, u))
expectType<E.Either<Codec.DecodeError, Model.Loaded<Ls>>>(Model.load(net, Model.encode(net, theta)))

declare const loaded: Model.Loaded<Ls>
// Θ has exactly the type of init(net)'s Θ
expectType<typeof theta>(loaded.theta)
expectType<Theta<Ls>>(loaded.theta)
expectType<Matrix<2, 3>>(loaded.theta[0].W)
expectType<Matrix<3, 1>>(loaded.theta[1].W)
expectType<Cost | undefined>(loaded.cost)

// the Θ of another network is another type
expectNotAssignable<typeof thetaOther>(loaded.theta)
expectAssignable<typeof theta>(loaded.theta)

// sequential gives the same Θ type as the pipeline
const seq = sequential(denseLayer(2, 3, sigmoid), denseLayer(3, 1, sigmoid))
expectType<E.Either<Codec.DecodeError, Model.Loaded<Ls>>>(Model.load(seq, text))

// ---- the loaded Θ feeds predict of its own network only ------------------------------------------------------

expectType<Matrix<4, 1>>(predict(net, loaded.theta, zeros([4, 2])))
expectError(predict(other, loaded.theta, zeros([4, 2])))
// the width check of predict still holds
expectError(predict(net, loaded.theta, zeros([4, 3])))

// the piped form
expectType<E.Either<Codec.DecodeError, Matrix<4, 1>>>(
  pipe(
    Model.load(net, text),
    E.map((m) => predict(net, m.theta, zeros([4, 2]))),
  ),
)
expectError(
  pipe(
    Model.load(other, text),
    E.map((m) => predict(net, m.theta, zeros([4, 2]))),
  ),
)

// a larger net: 784 → 128 → 64 → 10, ReLU, softmax
const mnist = pipe(input(784), dense(128, relu), dense(64, elu(0.5)), dense(10, softmax))
const [mnistTheta] = init(mnist)(Random.seed(1))
expectType<E.Either<EncodeError, string>>(Model.save(mnist, mnistTheta))
const m = Model.load(mnist, text)
if (E.isRight(m)) {
  expectType<typeof mnistTheta>(m.right.theta)
  expectType<Matrix<number, 10>>(predict(mnist, m.right.theta, zeros([5 as number, 784])))
}

// ---- save, encode, describe ------------------------------------------------------------------------------------

expectType<E.Either<EncodeError, string>>(Model.save(net, theta))
expectType<E.Either<EncodeError, string>>(Model.save(net, theta, crossEntropy))
expectType<E.Either<EncodeError, string>>(Model.save(net, loaded.theta, loaded.cost))
expectError(Model.save(net, thetaOther))
expectError(Model.save(other, theta, crossEntropy))
expectType<E.Either<EncodeError, Model.ModelJson>>(Model.encode(net, theta, crossEntropy))
expectError(Model.encode(net, thetaOther))

expectType<E.Either<Codec.DecodeError, Model.ModelDescription>>(Model.describe(text))
expectType<E.Either<Codec.DecodeError, Model.ModelDescription>>(Model.describe(u))
declare const d: Model.ModelDescription
expectType<number>(d.parameterCount)
expectAssignable<ReadonlyArray<number> | undefined>(d.layers[0]?.params['W'])
expectType<string>(d.layers[0]?.activation ?? '')

// ---- disallowed ------------------------------------------------------------------------------------------------

// @ts-expect-error: load needs the definition, not only the text
Model.load(text)
// @ts-expect-error: a loaded Θ is read-only
loaded.theta[0] = loaded.theta[0]
