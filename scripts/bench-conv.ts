/**
 * `npx tsx scripts/bench-conv.ts` (or the `conv` section of `npm run bench`): conv2d as im2col + GEMM (what
 * `Conv.conv2d` does) against a direct loop nest, forward and both backward ops, on the shapes of a small
 * MNIST CNN; then the two conv layers of example 09 (batch 32, 'same') against tfjs `conv2d` on its cpu and
 * wasm backends, forward and forward + both gradients, as ratios. A benchmark, never a test.
 */
import { pathToFileURL } from 'node:url'

import type * as TfCore from '@tensorflow/tfjs-core'

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

type Tf = typeof TfCore

/** tfjs-core with its cpu backend, switched to `backend` (the wasm backend loaded on first use), or the reason not. */
const tfOn = async (backend: 'cpu' | 'wasm'): Promise<Tf | string> => {
  try {
    const tf = await import('@tensorflow/tfjs-core')
    await import('@tensorflow/tfjs-backend-cpu')
    // the gradients of the ops (tfjs-layers registers them; tfjs-core alone does not)
    await import('@tensorflow/tfjs-layers')
    if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm')
    tf.enableProdMode()
    const ok = await tf.setBackend(backend)
    await tf.ready()
    return ok && tf.getBackend() === backend ? tf : `could not switch to ${backend}`
  } catch (e) {
    return (e as Error).message
  }
}

/** The two conv layers of example 09 at batch 32: input and kernel shapes, both 'same', stride 1. */
const LAYERS: ReadonlyArray<readonly [S4, S4]> = [
  [
    [32, 28, 28, 1],
    [3, 3, 1, 16],
  ],
  [
    [32, 14, 14, 16],
    [3, 3, 16, 32],
  ],
]

/**
 * tfjs times (s) of `conv2d` forward, and forward + the gradients of both inputs, for one layer (the gradients
 * timed once after one warm-up: tfjs-cpu takes seconds); `note` when only ∂X could be timed (tfjs-wasm has no
 * Conv2DBackpropFilter kernel).
 */
const tfTimes = (tf: Tf, xs: S4, ks: S4): { readonly fwd: number; readonly step: number; readonly note: string } => {
  const x = tf.randomUniform([...xs], -0.5, 0.5) as TfCore.Tensor4D
  const k = tf.randomUniform([...ks], -0.5, 0.5) as TfCore.Tensor4D
  const loss = (a: TfCore.Tensor, b: TfCore.Tensor) =>
    tf.sum(tf.conv2d(a as TfCore.Tensor4D, b as TfCore.Tensor4D, 1, 'same'))
  const fwd = time(() => tf.tidy(() => void tf.conv2d(x, k, 1, 'same').dataSync()))
  let note = ''
  let step: number
  try {
    const both = tf.grads(loss)
    step = time(() => tf.tidy(() => both([x, k]).forEach((g) => g.dataSync())), 1, 0, 1).best
  } catch {
    const onlyX = tf.grad((a: TfCore.Tensor) => loss(a, k))
    step = time(() => tf.tidy(() => void onlyX(x).dataSync()), 1, 0, 1).best
    note = ' (∂X only)'
  }
  x.dispose()
  k.dispose()
  return { fwd: fwd.best, step, note }
}

/**
 * Tensorial's conv layers (float64) against tfjs conv2d (float32) on the cpu and wasm backends: milliseconds and
 * tensorial's time over tfjs' (below 1: tensorial is faster).
 */
export const benchConvPeers = async (): Promise<string> => {
  const rows = [
    "| layer (batch 32, 'same') | tensorial fwd | fwd + ∂X + ∂K | tfjs-cpu fwd | fwd + ∂ | tfjs-wasm fwd | fwd + ∂ | ratio fwd cpu / wasm | ratio fwd+∂ cpu / wasm |",
    '|---|---|---|---|---|---|---|---|---|',
  ]
  const ours = LAYERS.map(([xs, ks]) => {
    const x = rand(xs)
    const k = rand(ks)
    const y = Conv.conv2d(x, k, { padding: 'same' })
    const g = rand(y.shape as S4)
    const fwd = time(() => void Conv.conv2d(x, k, { padding: 'same' }))
    const step = time(() => {
      Conv.conv2d(x, k, { padding: 'same' })
      Conv.conv2dBackwardInput(x, k, g, { padding: 'same' })
      Conv.conv2dBackwardKernel(x, k, g, { padding: 'same' })
    })
    return { fwd: fwd.best, step: step.best }
  })
  const peers: Record<'cpu' | 'wasm', ReadonlyArray<{ fwd: number; step: number; note: string }> | string> = {
    cpu: '',
    wasm: '',
  }
  for (const backend of ['cpu', 'wasm'] as const) {
    const tf = await tfOn(backend)
    try {
      peers[backend] = typeof tf === 'string' ? tf : LAYERS.map(([xs, ks]) => tfTimes(tf, xs, ks))
    } catch (e) {
      peers[backend] = (e as Error).message
    }
  }
  const ms = (t: number | undefined) => (t === undefined ? 'n/a' : `${(t * 1e3).toFixed(2)} ms`)
  const ratio = (a: number, b: number | undefined) => (b === undefined ? 'n/a' : `${(a / b).toFixed(2)}×`)
  LAYERS.forEach(([xs, ks], i) => {
    const o = ours[i] as { fwd: number; step: number }
    const at = (b: 'cpu' | 'wasm') => {
      const p = peers[b]
      return typeof p === 'string' ? undefined : p[i]
    }
    const c = at('cpu')
    const w = at('wasm')
    rows.push(
      `| ${xs.join('×')} · ${ks.join('×')} | ${ms(o.fwd)} | ${ms(o.step)} | ${ms(c?.fwd)} | ${ms(c?.step)}${c?.note ?? ''} | ${ms(w?.fwd)} | ${ms(w?.step)}${w?.note ?? ''} | ${ratio(o.fwd, c?.fwd)} / ${ratio(o.fwd, w?.fwd)} | ${ratio(o.step, c?.step)} / ${ratio(o.step, w?.step)} |`,
    )
  })
  for (const b of ['cpu', 'wasm'] as const) {
    const p = peers[b]
    if (typeof p === 'string') rows.push(`\n(tfjs-${b}: ${p})`)
  }
  rows.push(
    '\ntfjs computes in float32, tensorial in float64; forward: best of 7 timed runs; tfjs gradients: one run after a warm-up.',
  )
  return rows.join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  console.log(`${benchConv()}\n\n${await benchConvPeers()}`)
