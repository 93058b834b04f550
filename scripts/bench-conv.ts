/**
 * `npx tsx scripts/bench-conv.ts`: conv2d as im2col + GEMM (what `Conv.conv2d` does) against a direct loop
 * nest, forward and both backward ops, on the shapes of a small MNIST CNN. A benchmark, never a test.
 */
import { pathToFileURL } from 'node:url'

import { Conv, fromFunction, type Tensor } from 'tensorial'

import { time } from './bench-matmul.js'

type S4 = readonly [number, number, number, number]

/** The direct loop nest, 'valid', stride s: `Y[b,i,j,f] = Σ_{p,q,c} X[b, i·s + p, j·s + q, c]·K[p,q,c,f]`. */
const direct = (x: Float64Array, xs: S4, k: Float64Array, ks: S4, s: number): Float64Array => {
  const [B, H, W, C] = xs
  const [KH, KW, , F] = ks
  const OH = (H - KH) / s + 1
  const OW = (W - KW) / s + 1
  const out = new Float64Array(B * OH * OW * F)
  for (let b = 0; b < B; b++)
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++) {
        const o = ((b * OH + i) * OW + j) * F
        for (let p = 0; p < KH; p++)
          for (let q = 0; q < KW; q++) {
            const xo = ((b * H + i * s + p) * W + j * s + q) * C
            const ko = (p * KW + q) * C * F
            for (let c = 0; c < C; c++) {
              const v = x[xo + c] as number
              const kr = ko + c * F
              for (let f = 0; f < F; f++) out[o + f] += v * (k[kr + f] as number)
            }
          }
      }
  return out
}

const rand = (shape: S4): Tensor<S4> => fromFunction(shape, () => Math.random() - 0.5)

export const benchConv = (): string => {
  const cases: ReadonlyArray<readonly [S4, S4]> = [
    [
      [64, 28, 28, 1],
      [3, 3, 1, 8],
    ],
    [
      [64, 26, 26, 8],
      [3, 3, 8, 16],
    ],
    [
      [64, 12, 12, 16],
      [3, 3, 16, 32],
    ],
    [
      [64, 28, 28, 1],
      [5, 5, 1, 32],
    ],
  ]
  const rows = [
    '| x · kernel | im2col+GEMM fwd | direct fwd | ∂X | ∂K | GFLOP/s fwd (im2col) |',
    '|---|---|---|---|---|---|',
  ]
  for (const [xs, ks] of cases) {
    const x = rand(xs)
    const k = rand(ks)
    const y = Conv.conv2d(x, k)
    const g = rand(y.shape as S4)
    const fwd = time(() => void Conv.conv2d(x, k))
    const dir = time(() => void direct(x.data as unknown as Float64Array, xs, k.data as unknown as Float64Array, ks, 1))
    const bx = time(() => void Conv.conv2dBackwardInput(x, k, g))
    const bk = time(() => void Conv.conv2dBackwardKernel(x, k, g))
    const flops = 2 * y.data.length * ks[0] * ks[1] * ks[2]
    const ms = (t: number) => `${(t * 1e3).toFixed(2)} ms`
    rows.push(
      `| ${xs.join('×')} · ${ks.join('×')} | ${ms(fwd.best)} | ${ms(dir.best)} | ${ms(bx.best)} | ${ms(bk.best)} | ${(flops / fwd.best / 1e9).toFixed(2)} |`,
    )
  }
  return rows.join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(benchConv())
