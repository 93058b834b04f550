// Type tests of data-parallel training: `workers` is a number of threads (a string is a compile error beside its
// numeric twin), and every result carries the `parallel` report.
import { pipe } from 'fp-ts/lib/function.js'
import { expectError, expectType } from 'tsd'

import {
  crossEntropy,
  type Dataset,
  dense,
  init,
  input,
  Optim,
  type ParallelReport,
  Random,
  sigmoid,
  softmax,
  train,
  trainAsync,
} from 'tensorial'

const net = pipe(input(2), dense(3, sigmoid), dense(2, softmax))
const [theta] = init(net)(Random.seed(1))
declare const ds: Dataset.Dataset<2, 2>
const config = { cost: crossEntropy, optimizer: Optim.adam(), epochs: 3, batchSize: 2, task: 'classification' } as const

const [result] = train(net, theta, ds, { ...config, workers: 2 })(Random.seed(1))
if (result._tag === 'Right') {
  expectType<ParallelReport>(result.right.parallel)
  expectType<number>(result.right.parallel.used)
  expectType<string | undefined>(result.right.parallel.reason)
}
trainAsync(net, theta, ds, { ...config, workers: 4 })
expectError(train(net, theta, ds, { ...config, workers: '2' }))
