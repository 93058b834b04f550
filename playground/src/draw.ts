/**
 * Drawing: the decision boundary (a grid of predicted probabilities, coloured by class), the points on top,
 * and the loss and accuracy curves.
 */
import type { AnyNetwork, EpochMetrics, Matrix, ParamSet } from 'tensorial'
import { fromArray, predict } from 'tensorial'

import type { Points } from './datasets.js'

/** The extent drawn: `[-EXTENT, EXTENT]²`. */
export const EXTENT = 1.2

/** Cells per side of the prediction grid (interpolated when drawn). */
const GRID = 100

type Rgb = readonly [number, number, number]

/** Class 0 (orange), the undecided middle (near white) and class 1 (blue), as in the TensorFlow Playground. */
const ORANGE: Rgb = [245, 147, 34]
const MIDDLE: Rgb = [232, 234, 235]
const BLUE: Rgb = [8, 119, 189]

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
]

/** The colour of probability `p` of class 1. */
const colour = (p: number): Rgb => (p < 0.5 ? mix(ORANGE, MIDDLE, p * 2) : mix(MIDDLE, BLUE, (p - 0.5) * 2))

const css = (c: Rgb): string => `rgb(${c.map(Math.round).join(' ')})`

/** The grid's cell centres as one `[GRID², 2]` batch, built once. */
const gridBatch: Matrix<number, 2> = (() => {
  const xs = new Float64Array(GRID * GRID * 2)
  for (let r = 0; r < GRID; r++)
    for (let c = 0; c < GRID; c++) {
      const i = 2 * (r * GRID + c)
      xs[i] = -EXTENT + ((c + 0.5) * 2 * EXTENT) / GRID
      xs[i + 1] = EXTENT - ((r + 0.5) * 2 * EXTENT) / GRID
    }
  const t = fromArray<readonly [number, 2]>(xs, [GRID * GRID, 2])
  if (t._tag === 'Left') throw t.left
  return t.right
})()

const cellCanvas = document.createElement('canvas')
cellCanvas.width = GRID
cellCanvas.height = GRID

/** Sets up a canvas for its CSS size at the device's pixel ratio; returns its context and CSS size. */
const prepare = (canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; w: number; h: number } => {
  const ratio = window.devicePixelRatio || 1
  const w = canvas.clientWidth
  const h = canvas.clientHeight
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio)
    canvas.height = Math.round(h * ratio)
  }
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0)
  return { ctx, w, h }
}

/** What the boundary plot shows. */
export interface BoundaryView {
  readonly net: AnyNetwork
  readonly theta: ReadonlyArray<ParamSet>
  readonly train: Points
  readonly test: Points
  readonly showTest: boolean
}

/** Draws the network's probability of class 1 over the plane, then the training (and test) points. */
export const drawBoundary = (canvas: HTMLCanvasElement, view: BoundaryView): void => {
  const { ctx, w, h } = prepare(canvas)
  const p = predict(view.net, view.theta, gridBatch).data
  const cells = cellCanvas.getContext('2d') as CanvasRenderingContext2D
  const image = cells.createImageData(GRID, GRID)
  for (let i = 0; i < GRID * GRID; i++) {
    const c = colour(p[i] as number)
    image.data.set([c[0], c[1], c[2], 255], 4 * i)
  }
  cells.putImageData(image, 0, 0)
  ctx.imageSmoothingEnabled = true
  ctx.imageSmoothingQuality = 'high'
  ctx.drawImage(cellCanvas, 0, 0, w, h)
  const toPx = (x: number, y: number): readonly [number, number] => [
    ((x + EXTENT) / (2 * EXTENT)) * w,
    ((EXTENT - y) / (2 * EXTENT)) * h,
  ]
  const dots = (pts: Points, stroke: string, width: number): void => {
    ctx.lineWidth = width
    ctx.strokeStyle = stroke
    for (let i = 0; i < pts.labels.length; i++) {
      const [px, py] = toPx(pts.xs[2 * i] as number, pts.xs[2 * i + 1] as number)
      ctx.beginPath()
      ctx.arc(px, py, 3.6, 0, 2 * Math.PI)
      ctx.fillStyle = css(pts.labels[i] === 1 ? BLUE : ORANGE)
      ctx.fill()
      ctx.stroke()
    }
  }
  dots(view.train, 'white', 1.2)
  if (view.showTest) dots(view.test, '#1f2328', 1.4)
  // axes
  ctx.strokeStyle = 'rgb(0 0 0 / 0.12)'
  ctx.lineWidth = 1
  const [ox, oy] = toPx(0, 0)
  ctx.beginPath()
  ctx.moveTo(ox, 0)
  ctx.lineTo(ox, h)
  ctx.moveTo(0, oy)
  ctx.lineTo(w, oy)
  ctx.stroke()
}

/** One curve of a chart: its values per epoch and its style. */
interface Series {
  readonly values: ReadonlyArray<number>
  readonly colour: string
  readonly dash: ReadonlyArray<number>
}

/** A line chart of epochs against values in `[lo, hi]` (hi taken from the data when undefined). */
const chart = (
  canvas: HTMLCanvasElement,
  series: ReadonlyArray<Series>,
  range: { readonly lo: number; readonly hi?: number },
  format: (v: number) => string,
): void => {
  const { ctx, w, h } = prepare(canvas)
  ctx.clearRect(0, 0, w, h)
  const left = 34
  const top = 6
  const bottom = 16
  const pw = w - left - 6
  const ph = h - top - bottom
  const n = Math.max(...series.map((s) => s.values.length), 0)
  const hi = range.hi ?? Math.max(range.lo + 1e-9, ...series.flatMap((s) => s.values.filter(Number.isFinite)))
  ctx.font = '10px ui-monospace, SFMono-Regular, Menlo, monospace'
  ctx.fillStyle = '#6b7280'
  ctx.strokeStyle = '#e5e7eb'
  ctx.lineWidth = 1
  for (let k = 0; k <= 2; k++) {
    const v = range.lo + ((hi - range.lo) * k) / 2
    const y = top + ph - (ph * k) / 2
    ctx.beginPath()
    ctx.moveTo(left, y)
    ctx.lineTo(left + pw, y)
    ctx.stroke()
    ctx.textAlign = 'right'
    ctx.fillText(format(v), left - 4, y + 3)
  }
  ctx.textAlign = 'left'
  ctx.fillText('0', left, h - 3)
  ctx.textAlign = 'right'
  ctx.fillText(`${n} epochs`, left + pw, h - 3)
  if (n < 1) return
  // at most one vertex per pixel column
  const stride = Math.max(1, Math.ceil(n / pw))
  for (const s of series) {
    ctx.strokeStyle = s.colour
    ctx.lineWidth = 1.6
    ctx.setLineDash([...s.dash])
    ctx.beginPath()
    for (let i = 0; i < s.values.length; i += stride) {
      const v = Math.min(hi, Math.max(range.lo, s.values[i] as number))
      const x = left + (n === 1 ? pw : (pw * i) / (n - 1))
      const y = top + ph - ((v - range.lo) / (hi - range.lo)) * ph
      if (i === 0) ctx.moveTo(x, y)
      else ctx.lineTo(x, y)
    }
    ctx.stroke()
    ctx.setLineDash([])
  }
}

/** The training colour and the test colour of the curves. */
export const TRAIN_COLOUR = '#1f2328'
export const TEST_COLOUR = '#0877bd'

/** Draws the loss and the accuracy, training and test, per epoch. */
export const drawCurves = (
  lossCanvas: HTMLCanvasElement,
  accuracyCanvas: HTMLCanvasElement,
  history: ReadonlyArray<EpochMetrics>,
): void => {
  const pick = (f: (m: EpochMetrics) => number | undefined): ReadonlyArray<number> => history.map((m) => f(m) ?? NaN)
  const train = { colour: TRAIN_COLOUR, dash: [] }
  const test = { colour: TEST_COLOUR, dash: [4, 3] }
  chart(
    lossCanvas,
    [
      { ...train, values: pick((m) => m.train.loss) },
      { ...test, values: pick((m) => m.validation?.loss) },
    ],
    { lo: 0 },
    (v) => v.toFixed(2),
  )
  chart(
    accuracyCanvas,
    [
      { ...train, values: pick((m) => m.train.accuracy) },
      { ...test, values: pick((m) => m.validation?.accuracy) },
    ],
    { lo: 0.4, hi: 1 },
    (v) => `${Math.round(v * 100)}%`,
  )
}
