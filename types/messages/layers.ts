// Batch norm and dropout keep their width, so a wrong width at a junction reads as any other layer's, and a
// width must be a literal or dynamic(n). Each negative case sits below its positive twin.
import { pipe } from 'fp-ts/lib/function.js'
import {
  batchNorm,
  batchNormLayer,
  dense,
  denseLayer,
  dropout,
  dropoutLayer,
  dynamic,
  init,
  input,
  layer,
  predict,
  Random,
  relu,
  sequential,
  softmax,
  zeros,
} from 'tensorial'

const n = [16][0] as number

export const seq = sequential(denseLayer(4, 16, relu), batchNormLayer(16), denseLayer(16, 3, softmax))
// @expect-error TS2345 "layer 2: input 15 != previous output 16"
export const seqBad = sequential(denseLayer(4, 16, relu), batchNormLayer(15), denseLayer(16, 3, softmax))

export const drop = sequential(denseLayer(4, 16, relu), dropoutLayer(16, 0.2), denseLayer(16, 3, softmax))
// @expect-error TS2345 "layer 3: input 16 != previous output 12"
export const dropBad = sequential(denseLayer(4, 12, relu), dropoutLayer(12, 0.2), denseLayer(16, 3, softmax))

export const piped = pipe(input(4), dense(16, relu), layer(batchNormLayer(16)))
// @expect-error TS2345 'LayerStep<BatchNorm<17>>' is not assignable to parameter of type '(b: Network<readonly [Dense<4, 16>], 4, 16>)
export const pipedBad = pipe(input(4), dense(16, relu), layer(batchNormLayer(17)))

export const dyn = batchNormLayer(dynamic(n))
// @expect-error TS2345 batchNormLayer: width is number, not a literal; write batchNormLayer(dynamic(n)) to check it at run time, or use a literal / as const
export const num = batchNormLayer(n)

export const dropDyn = dropoutLayer(dynamic(n), 0.5)
// @expect-error TS2345 dropoutLayer: width is number, not a literal; write dropoutLayer(dynamic(n)) to check it at run time, or use a literal / as const
export const dropNum = dropoutLayer(n, 0.5)

const net = pipe(input(4), dense(16, relu), batchNorm(), dropout(0.2), dense(3, softmax))
const [theta] = init(net)(Random.seed(1))
export const y = predict(net, theta, zeros([5, 4]))
// @expect-error TS2345 predict: input width 5 != network input 4
export const yBad = predict(net, theta, zeros([5, 5]))
