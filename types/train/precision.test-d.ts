// Type tests of TrainConfig.precision: 'f64' and 'f32' are accepted, any other value is a compile error
// (a positive twin beside each negative one).
import { pipe } from 'fp-ts/lib/function.js'
import { expectError } from 'tsd'

import { crossEntropy, type Dataset, dense, init, input, Optim, Random, sigmoid, softmax, train } from 'tensorial'

const net = pipe(input(2), dense(3, sigmoid), dense(2, softmax))
const [theta] = init(net)(Random.seed(1))
declare const ds: Dataset.Dataset<2, 2>
const base = { cost: crossEntropy, optimizer: Optim.sgd(0.1), epochs: 1, batchSize: 2, task: 'classification' } as const

train(net, theta, ds, { ...base, precision: 'f64' })
train(net, theta, ds, { ...base, precision: 'f32' })
expectError(train(net, theta, ds, { ...base, precision: 'f16' }))
expectError(train(net, theta, ds, { ...base, precision: 32 }))
