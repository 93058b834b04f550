/**
 * Data sets and comparisons shared by the training tests.
 */
import * as E from 'fp-ts/lib/Either.js'
import fc from 'fast-check'
import { expect } from 'vitest'

import {
  Dataset,
  fromArray,
  Optim,
  type ParamSet,
  type Random,
  type Tensor,
  type TrainError,
  type TrainResult,
} from 'tensorial'

import { unsafeRight } from '../util.js'

/** A matrix `[rows, w]` with a dynamic row count. */
export const mat = <W extends number>(rows: ReadonlyArray<ReadonlyArray<number>>, w: W): Tensor<readonly [number, W]> =>
  unsafeRight(fromArray(rows.flat(), [rows.length, w] as [number, W]))

export const data = <F extends number, T extends number>(
  x: ReadonlyArray<ReadonlyArray<number>>,
  f: F,
  y: ReadonlyArray<ReadonlyArray<number>>,
  t: T,
): Dataset.Dataset<F, T> => unsafeRight(Dataset.dataset(mat(x, f), mat(y, t)))

/** Two interleaved clusters in 2-D with one-hot targets (deterministic, no RNG). */
export const clusters = (n: number, offset = 0): Dataset.Dataset<2, 2> => {
  const x: Array<Array<number>> = []
  const y: Array<Array<number>> = []
  for (let i = offset; i < offset + n; i++) {
    const c = i % 2
    const a = (i * 2.399963) % (2 * Math.PI)
    x.push([Math.cos(a) + (c === 0 ? -0.6 : 0.6), Math.sin(a) * 0.5 + (c === 0 ? 0.3 : -0.3)])
    y.push(c === 0 ? [1, 0] : [0, 1])
  }
  return data(x, 2, y, 2)
}

export const right = <A>(r: readonly [E.Either<TrainError, A>, Random.Rng]): A =>
  E.isRight(r[0]) ? r[0].right : expect.fail(`expected a Right, got ${JSON.stringify(r[0].left)}`)

/** Every entry of every tensor of a parameter set list, as plain numbers (so `toStrictEqual` compares bits, -0 too). */
export const bits = (ps: ReadonlyArray<ParamSet>): ReadonlyArray<Record<string, ReadonlyArray<number>>> =>
  ps.map((p) => Object.fromEntries(Object.entries(p).map(([k, t]) => [k, Array.from(t.data)])))

/** A training outcome as plain data: Θ, the optimizer state, the history and the rest, and the generator. */
export const plain = <Ps extends ReadonlyArray<ParamSet>>(
  out: readonly [E.Either<TrainError, TrainResult<Ps>>, Random.Rng],
): unknown => {
  const [r, rng] = out
  if (E.isLeft(r)) return { left: r.left, rng }
  const { theta, optimizerState, ...rest } = r.right
  return {
    theta: bits(theta),
    t: optimizerState.t,
    slots: optimizerState.slots.map(bits),
    ...rest,
    rng,
  }
}

/**
 * A deterministic data set of `n` examples with `f` features in [-2, 2) and `t` targets for the task: values in
 * [-1, 1) (regression), 0 or 1 (one output), or one-hot rows. From a seeded LCG, so a failing case replays.
 */
export const dataFor = (n: number, f: number, t: number, task: 'classification' | 'regression', seed: number) => {
  let s = seed
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
  const x: Array<Array<number>> = []
  const y: Array<Array<number>> = []
  for (let i = 0; i < n; i++) {
    x.push(Array.from({ length: f }, () => 4 * next() - 2))
    if (task === 'regression') y.push(Array.from({ length: t }, () => 2 * next() - 1))
    else if (t === 1) y.push([next() < 0.5 ? 0 : 1])
    else {
      const c = Math.floor(next() * t)
      y.push(Array.from({ length: t }, (_, j) => (j === c ? 1 : 0)))
    }
  }
  return data(x, f, y, t)
}

/**
 * {@link dataFor}'s data with zeros in the inputs: each column is +0 in every row with probability `zeroColumns`,
 * and each other entry +0 with probability ½ (−0 with 1/16), so that batches differ in the columns that are zero
 * in all their rows.
 */
export const sparseDataFor = (
  n: number,
  f: number,
  t: number,
  task: 'classification' | 'regression',
  seed: number,
  zeroColumns: number,
) => {
  let s = seed + 7
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
  const zero = Array.from({ length: f }, () => next() < zeroColumns)
  const d = dataFor(n, f, t, task, seed)
  const x = Array.from({ length: n }, (_, i) =>
    Array.from({ length: f }, (_, j) => {
      const u = next()
      return zero[j] === true || u < 0.5 ? 0 : u < 0.5625 ? -0 : (d.x.data[i * f + j] as number)
    }),
  )
  const y = Array.from({ length: n }, (_, i) => Array.from(d.y.data.subarray(i * t, (i + 1) * t)))
  return data(x, f, y, t)
}

/**
 * Every built-in optimizer with drawn hyper-parameters (γ and Nesterov, ε, ρ, β₁ and β₂) over `common` (the rate,
 * weight decay and `decayBiases`).
 */
export const optimizersOver = (common: fc.Arbitrary<Optim.CommonOptions>) =>
  fc.oneof(
    common.map((o) => Optim.sgd(o)),
    fc
      .tuple(common, fc.double({ min: 0, max: 0.95, noNaN: true }), fc.boolean())
      .map(([o, gamma, nesterov]) => Optim.momentum({ ...o, gamma, nesterov })),
    fc.tuple(common, fc.constantFrom(1e-10, 1e-3)).map(([o, epsilon]) => Optim.adagrad({ ...o, epsilon })),
    fc
      .tuple(common, fc.double({ min: 0, max: 0.99, noNaN: true }))
      .map(([o, rho]) => Optim.rmsprop({ ...o, rho, epsilon: 1e-6 })),
    fc
      .tuple(common, fc.double({ min: 0, max: 0.95, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true }))
      .map(([o, beta1, beta2]) => Optim.adam({ ...o, beta1, beta2 })),
  )
