// Type tests of the interchange formats (Onnx, Safetensors, Tfjs): a decoded Θ has exactly the static type of
// the definition's `init(net)` Θ, so it feeds that network's predict and no other; encoders take only the Θ of
// their own network. Each negative case sits beside a positive twin that differs only in the point under test.
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { expectError, expectNotAssignable, expectType } from 'tsd'

import {
  type Codec,
  type Dense,
  dense,
  type InvalidConfig,
  init,
  input,
  type Matrix,
  Onnx,
  predict,
  Random,
  relu,
  Safetensors,
  sigmoid,
  softmax,
  Tfjs,
  type Theta,
  zeros,
} from 'tensorial'

type Ls = readonly [Dense<2, 3>, Dense<3, 1>]
const net = pipe(input(2), dense(3, relu), dense(1, sigmoid))
const other = pipe(input(2), dense(4, relu), dense(1, sigmoid))
const [theta] = init(net)(Random.seed(1))
const [thetaOther] = init(other)(Random.seed(1))
declare const bytes: Uint8Array

// ---- encoders: the Θ of their own network only ------------------------------------------------------------------

expectType<E.Either<Onnx.UnsupportedLayer | InvalidConfig, Uint8Array>>(Onnx.encode(net, theta))
expectType<E.Either<Onnx.UnsupportedLayer | InvalidConfig, Uint8Array>>(Onnx.encode(net, theta, { dtype: 'float64' }))
expectError(Onnx.encode(net, thetaOther))
expectError(Onnx.encode(net, theta, { dtype: 'float16' }))

expectType<E.Either<Onnx.UnsupportedLayer | InvalidConfig, Uint8Array>>(
  Safetensors.encode(net, theta, { naming: 'torch' }),
)
expectError(Safetensors.encode(net, thetaOther))
expectError(Safetensors.encode(net, theta, { naming: 'keras' }))

expectType<E.Either<Onnx.UnsupportedLayer | InvalidConfig, Tfjs.LayersModel>>(Tfjs.encode(net, theta))
expectError(Tfjs.encode(net, thetaOther))

// ---- decoders: Θ with the definition's static type -------------------------------------------------------------

expectType<E.Either<Codec.DecodeError, Theta<Ls>>>(Onnx.decode(net, bytes))
expectType<E.Either<Codec.DecodeError, Theta<Ls>>>(Safetensors.decode(net, bytes))
const d = Onnx.decode(net, bytes)
if (E.isRight(d)) {
  expectType<typeof theta>(d.right)
  expectType<Matrix<2, 3>>(d.right[0].W)
  expectNotAssignable<typeof thetaOther>(d.right)
  expectType<Matrix<4, 1>>(predict(net, d.right, zeros([4, 2])))
  expectError(predict(other, d.right, zeros([4, 2])))
}
expectError(Onnx.decode(net, 'text'))
expectError(Safetensors.decode(net, [1, 2, 3]))

// the piped form
expectType<E.Either<Codec.DecodeError, Matrix<5, 10>>>(
  pipe(
    Safetensors.decode(pipe(input(784), dense(128, relu), dense(10, softmax)), bytes),
    E.map((t) => predict(pipe(input(784), dense(128, relu), dense(10, softmax)), t, zeros([5, 784]))),
  ),
)
expectError(
  pipe(
    Onnx.decode(other, bytes),
    E.map((t) => predict(net, t, zeros([4, 2]))),
  ),
)
