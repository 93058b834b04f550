/**
 * 03 — XOR: a 2-4-1 network learns the function no single layer can, by full-batch gradient descent on the
 * binary cross-entropy, from a fixed seed.
 *
 * Run: npm run example:03
 */
import { pipe } from 'fp-ts/lib/function.js'
import {
  binaryCrossEntropy,
  dense,
  gradients,
  init,
  input,
  predict,
  Random,
  sigmoid,
  tanh,
  tensor,
  toArray,
  update,
} from 'tensorial'
import { isMain } from './lib/main.js'

export const xorNetwork = pipe(input(2), dense(4, tanh), dense(1, sigmoid))

export const xs = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
])
export const ys = tensor([[0], [1], [1], [0]])

/** Trains for `epochs` full-batch steps with learning rate `eta`; returns the final Θ and the cost history. */
export const trainXor = (seed: number, epochs: number, eta: number) => {
  const [theta0] = init(xorNetwork)(Random.seed(seed))
  const history: Array<number> = []
  let theta = theta0
  for (let epoch = 0; epoch < epochs; epoch++) {
    const { cost, grads } = gradients(xorNetwork, theta, xs, ys, binaryCrossEntropy)
    history.push(cost)
    theta = update(theta, grads, eta)
  }
  return { theta, history }
}

export const accuracy = (theta: ReturnType<typeof trainXor>['theta']): number => {
  const out = toArray(predict(xorNetwork, theta, xs))
  const want = toArray(ys)
  return out.filter((row, i) => Math.round(row[0] as number) === want[i]?.[0]).length / out.length
}

const main = (): void => {
  const { theta, history } = trainXor(42, 2000, 0.5)
  for (const e of [0, 100, 500, 1000, 1999])
    console.log(`epoch ${String(e).padStart(4)}  cost ${history[e]?.toFixed(6)}`)
  const out = toArray(predict(xorNetwork, theta, xs))
  toArray(xs).forEach((x, i) => console.log(`${JSON.stringify(x)} → ${out[i]?.[0]?.toFixed(4)}`))
  console.log(`accuracy ${accuracy(theta) * 100} %`)
}

if (isMain(import.meta.url)) main()
