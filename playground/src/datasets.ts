/**
 * The playground's 2-D data sets, generated in code from tensorial's seeded generator: the same seed and noise
 * give the same points. Points lie in about `[-1, 1]²`; each has a class, 0 or 1.
 */
import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import type { State } from 'fp-ts/lib/State.js'
import type { ShapeError } from 'tensorial'
import { Dataset, fromArray, Random } from 'tensorial'

type Rng = Random.Rng

/** The data sets the page offers. */
export const datasetNames = ['circles', 'xor', 'moons', 'spirals'] as const

/** One of {@link datasetNames}. */
export type DatasetName = (typeof datasetNames)[number]

/** Points as parallel arrays: `xs[2i]`, `xs[2i + 1]` are the coordinates of point `i`, `labels[i]` its class. */
export interface Points {
  readonly xs: Float64Array
  readonly labels: Uint8Array
}

/** A generator of `n` points with positional noise `noise` (a fraction of the data's extent, in `[0, 1]`). */
type Generator = (n: number, noise: number) => State<Rng, Points>

/** Gaussian jitter of standard deviation `std` added to every coordinate. */
const jitter =
  (xs: Float64Array, std: number): State<Rng, Float64Array> =>
  (rng) => {
    const [e, r] = Random.normals(xs.length, 0, std)(rng)
    return [xs.map((x, i) => x + (e[i] as number)), r]
  }

/** Draws `n` values of `f(u, v)` for independent `u, v ~ U[0, 1)`, each giving a point and its class. */
const sample =
  (n: number, noise: number, scale: number, f: (i: number, u: number, v: number) => readonly [number, number, 0 | 1]) =>
  (rng0: Rng): [Points, Rng] => {
    const [u, rng1] = Random.uniforms(2 * n)(rng0)
    const xs = new Float64Array(2 * n)
    const labels = new Uint8Array(n)
    for (let i = 0; i < n; i++) {
      const [x, y, c] = f(i, u[2 * i] as number, u[2 * i + 1] as number)
      xs[2 * i] = x
      xs[2 * i + 1] = y
      labels[i] = c
    }
    const [noisy, rng2] = jitter(xs, noise * scale)(rng1)
    return [{ xs: noisy, labels }, rng2]
  }

/** A disc of class 1 (radius < 0.5) inside a ring of class 0 (radius 0.7–1). */
const circles: Generator = (n, noise) =>
  sample(n, noise, 0.5, (i, u, v) => {
    const inner = i % 2 === 0
    const r = inner ? 0.5 * Math.sqrt(u) : 0.7 + 0.3 * u
    const t = 2 * Math.PI * v
    return [r * Math.cos(t), r * Math.sin(t), inner ? 1 : 0]
  })

/** XOR: class 1 where `x·y > 0`, points kept 0.05 away from the axes. */
const xor: Generator = (n, noise) =>
  sample(n, noise, 0.5, (_i, u, v) => {
    const away = (w: number): number => {
      const s = 2 * w - 1
      return s + (s >= 0 ? 0.05 : -0.05) * (1 - Math.abs(s))
    }
    const x = away(u)
    const y = away(v)
    return [x, y, x * y > 0 ? 1 : 0]
  })

/** Two interleaved half circles (scikit-learn's `make_moons`), centred and scaled by 1/1.6. */
const moons: Generator = (n, noise) =>
  sample(n, noise, 0.5, (i, u) => {
    const t = Math.PI * u
    const upper = i % 2 === 0
    const x = upper ? Math.cos(t) : 1 - Math.cos(t)
    const y = upper ? Math.sin(t) : 0.5 - Math.sin(t)
    return [(x - 0.5) / 1.6, (y - 0.25) / 1.6, upper ? 0 : 1]
  })

/** Two spirals of 1¾ turns, one per class, the second the first turned by π. */
const spirals: Generator = (n, noise) =>
  sample(n, noise, 0.25, (i, u) => {
    const cls = i % 2
    const s = 0.08 + 0.92 * u
    const t = 1.75 * 2 * Math.PI * s + cls * Math.PI
    return [s * Math.cos(t), s * Math.sin(t), cls === 0 ? 1 : 0]
  })

const generators: Record<DatasetName, Generator> = { circles, xor, moons, spirals }

/** `n` points of a data set. */
export const points = (name: DatasetName, n: number, noise: number): State<Rng, Points> => generators[name](n, noise)

/** A tensorial data set `x: [N, 2]`, `y: [N, 1]` (targets 0 or 1) of points. */
export const toDataset = (p: Points): E.Either<ShapeError, Dataset.Dataset<2, 1>> => {
  const n = p.labels.length
  return pipe(
    E.Do,
    E.bind('x', () => fromArray<readonly [number, 2]>(p.xs, [n, 2])),
    E.bind('y', () => fromArray<readonly [number, 1]>(p.labels, [n, 1])),
    E.chain(({ x, y }) => Dataset.dataset(x, y)),
  )
}

/** A training and a test set of one data set. */
export interface Split {
  readonly train: Points
  readonly test: Points
}

/** `nTrain` training and then `nTest` test points, drawn from one generator. */
export const split = (name: DatasetName, noise: number, rng: Rng, nTrain: number, nTest: number): Split => {
  const [train, next] = points(name, nTrain, noise)(rng)
  const [test] = points(name, nTest, noise)(next)
  return { train, test }
}
