/**
 * The Franke function on [0, 1]², the course's test surface for regression, sampled at seeded random points
 * with Gaussian noise. Generated in code: nothing is downloaded.
 *
 * f(x, y) = ¾ e^{−(9x−2)²/4 − (9y−2)²/4} + ¾ e^{−(9x+1)²/49 − (9y+1)/10}
 *         + ½ e^{−(9x−7)²/4 − (9y−3)²/4} − ⅕ e^{−(9x−4)² − (9y−7)²}
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import type { State } from 'fp-ts/lib/State.js'
import { Dataset, fromArray, Random } from 'tensorial'

export const franke = (x: number, y: number): number =>
  0.75 * Math.exp(-((9 * x - 2) ** 2) / 4 - (9 * y - 2) ** 2 / 4) +
  0.75 * Math.exp(-((9 * x + 1) ** 2) / 49 - (9 * y + 1) / 10) +
  0.5 * Math.exp(-((9 * x - 7) ** 2) / 4 - (9 * y - 3) ** 2 / 4) -
  0.2 * Math.exp(-((9 * x - 4) ** 2) - (9 * y - 7) ** 2)

/** `n` points (x, y) uniform in [0, 1]² with targets f(x, y) + N(0, noise²). */
export const frankeData =
  (n: number, noise: number): State<Random.Rng, Dataset.Dataset<2, 1>> =>
  (rng0) => {
    const [xy, rng1] = Random.uniforms(2 * n)(rng0)
    const [eps, rng2] = Random.normals(n, 0, noise)(rng1)
    const z = new Float64Array(n)
    for (let i = 0; i < n; i++) z[i] = franke(xy[2 * i] as number, xy[2 * i + 1] as number) + (eps[i] as number)
    const ds = pipe(
      E.Do,
      E.bind('x', () => fromArray(xy, [n, 2])),
      E.bind('y', () => fromArray(z, [n, 1])),
      E.chainW(({ x, y }) => Dataset.dataset(x, y)),
    )
    if (E.isLeft(ds)) throw new Error(`franke: ${ds.left.message}`) // unreachable: the sizes agree by construction
    return [ds.right, rng2]
  }
