/**
 * Plots as SVG strings: training curves of a `train` history and a heatmap of a confusion matrix.
 *
 * Pure string building (no DOM, no canvas), so it runs in browsers and Node alike: write the string to a
 * file, put it in `innerHTML`, or serve it as `image/svg+xml`. Axes get round ticks ("nice numbers": 1, 2 or
 * 5 × 10ⁿ, the same ticks as d3-array's `ticks`), every text is XML-escaped, and no attribute ever holds NaN
 * or Infinity (non-finite values in a history are gaps in the curve).
 *
 * @since 0.2.0
 */
import type { Matrix } from '../core/tensor.js'
import type { EpochMetrics } from './train.js'

// -------------------------------------------------------------------------------------
// nice numbers
// -------------------------------------------------------------------------------------

/**
 * A tick step `k × 10ᵉ` with `k ∈ {1, 2, 5}`, kept as integers so that tick values are computed exactly:
 * `i·k / 10⁻ᵉ` for e < 0 (dividing by an exact power of ten gives the nearest double to the decimal).
 */
interface Step {
  readonly k: number
  readonly e: number
}

const stepValue = (s: Step): number => (s.e < 0 ? s.k / 10 ** -s.e : s.k * 10 ** s.e)
const multiple = (i: number, s: Step): number => (s.e < 0 ? (i * s.k) / 10 ** -s.e : i * s.k * 10 ** s.e)

/**
 * The round step for about `count` intervals over `span`: the raw step `span / count` rounded to 1, 2, 5 or
 * 10 × 10ⁿ at the geometric midpoints √2, √10 and √50 (as d3-array does).
 */
const niceStep = (span: number, count: number): Step => {
  const raw = span / count
  const e = Math.floor(Math.log10(raw))
  const m = raw / 10 ** e
  const k = m >= Math.sqrt(50) ? 10 : m >= Math.sqrt(10) ? 5 : m >= Math.sqrt(2) ? 2 : 1
  return k === 10 ? { k: 1, e: e + 1 } : { k, e }
}

/**
 * About `count` round tick values in `[lo, hi]`, ascending: multiples of a step of 1, 2 or 5 × 10ⁿ, computed
 * so that `0.1 + 0.2` noise never shows (`ticks(0, 1, 5)` is `[0, 0.2, 0.4, 0.6, 0.8, 1]`). Equal bounds give
 * that one value; bounds that are not finite, or a `count` that is not positive, give `[]`. The same values as
 * d3-array's `ticks(lo, hi, count)`.
 *
 * @example
 * import { Plot } from 'tensorial'
 * assert.deepStrictEqual(Plot.ticks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1])
 * assert.deepStrictEqual(Plot.ticks(0.13, 0.87, 4), [0.2, 0.4, 0.6, 0.8])
 *
 * @category scales
 * @since 0.2.0
 */
export const ticks = (lo: number, hi: number, count = 5): ReadonlyArray<number> => {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(count > 0)) return []
  if (lo === hi) return [lo]
  if (lo > hi) return [...ticks(hi, lo, count)].reverse()
  const out = ticksOf(lo, hi, niceStep(hi - lo, count))
  // With fewer than 2 intervals asked, the step can overshoot the range: ask for twice as many (as d3 does).
  return out.length === 0 && count >= 0.5 && count < 2 ? ticks(lo, hi, count * 2) : out
}

const ticksOf = (lo: number, hi: number, s: Step): ReadonlyArray<number> => {
  let i0 = Math.round(lo / stepValue(s))
  let i1 = Math.round(hi / stepValue(s))
  if (multiple(i0, s) < lo) i0++
  if (multiple(i1, s) > hi) i1--
  // Index by offset from i0: past 2⁵³ (a range tiny against its magnitude) i0 + 1 === i0, and i++ would not end.
  return Array.from({ length: Math.max(0, i1 - i0 + 1) }, (_, j) => multiple(i0 + j, s))
}

/** Digits after the point that show every multiple of the step exactly. */
const decimalsOf = (s: Step): number => Math.max(0, -s.e)

/**
 * A nice axis: the domain widened to whole steps around `[lo, hi]` (d3's `nice()`), its ticks, and how many
 * decimals the tick labels need.
 */
interface Axis {
  readonly lo: number
  readonly hi: number
  readonly ticks: ReadonlyArray<number>
  readonly decimals: number
}

const niceAxis = (lo0: number, hi0: number, count: number): Axis => {
  let lo = lo0
  let hi = hi0
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1]
  if (lo === hi) [lo, hi] = [lo - (Math.abs(lo) * 0.1 || 1), hi + (Math.abs(hi) * 0.1 || 1)]
  let s = niceStep(hi - lo, count)
  // Widen to whole steps; widening can change the step, so repeat until it settles (as d3's nice() does).
  for (let round = 0; round < 10; round++) {
    lo = multiple(Math.floor(lo / stepValue(s)), s)
    hi = multiple(Math.ceil(hi / stepValue(s)), s)
    const next = niceStep(hi - lo, count)
    if (next.k === s.k && next.e === s.e) break
    s = next
  }
  return { lo, hi, ticks: ticksOf(lo, hi, s), decimals: decimalsOf(s) }
}

// -------------------------------------------------------------------------------------
// SVG helpers
// -------------------------------------------------------------------------------------

/** Text and attribute values with `& < > " '` escaped. */
const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** A coordinate for an attribute: two decimals at most, and never NaN or Infinity. */
const n = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 100) / 100) : '0')

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

/** Estimated width of a text in px (average glyph ≈ 0.6 em in a sans-serif face). */
const textWidth = (s: string, size: number): number => s.length * size * 0.6

const svgOpen = (width: number, height: number, title: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" ` +
  `viewBox="0 0 ${n(width)} ${n(height)}" font-family="${esc(FONT)}" font-size="12">` +
  `<title>${esc(title)}</title><rect width="${n(width)}" height="${n(height)}" fill="#ffffff"/>`

const text = (x: number, y: number, s: string, attrs = ''): string =>
  `<text x="${n(x)}" y="${n(y)}"${attrs === '' ? '' : ` ${attrs}`}>${esc(s)}</text>`

const fmt = (v: number, decimals: number): string => {
  const s = v.toFixed(decimals)
  return s === `-${(0).toFixed(decimals)}` ? s.slice(1) : s
}

// -------------------------------------------------------------------------------------
// training curves
// -------------------------------------------------------------------------------------

/**
 * A metric of `EpochMetrics` that `curves` can plot.
 *
 * @category model
 * @since 0.2.0
 */
export type CurveMetric = 'loss' | 'accuracy' | 'mse' | 'r2'

/**
 * Options of {@link curves}. Sizes are in px, per panel.
 *
 * @category model
 * @since 0.2.0
 */
export interface CurvesOptions {
  /** The figure's title (none by default). */
  readonly title?: string
  /** The panels, in order (default `loss`, then `accuracy` when the history has it). */
  readonly metrics?: ReadonlyArray<CurveMetric>
  /** The y-axis label of each panel (default the metric's name, e.g. `loss`; say `loss (cross-entropy)`). */
  readonly labels?: Partial<Readonly<Record<CurveMetric, string>>>
  /** The legend names of the two curves (default `train` and `validation`). */
  readonly names?: { readonly train?: string; readonly validation?: string }
  readonly width?: number
  readonly height?: number
}

const TRAIN = { color: '#1f77b4', dash: '' }
const VALID = { color: '#ff7f0e', dash: '6 3' }

interface Series {
  readonly name: string
  readonly color: string
  readonly dash: string
  readonly points: ReadonlyArray<readonly [number, number]>
}

const metricOf = (m: EpochMetrics['train'] | undefined, k: CurveMetric): number => {
  const v = m?.[k]
  return typeof v === 'number' ? v : NaN
}

/** An SVG path through the finite points, with a gap at every non-finite one. */
const pathOf = (pts: ReadonlyArray<readonly [number, number]>, x: (v: number) => number, y: (v: number) => number) => {
  let d = ''
  let pen = false
  for (const [ex, v] of pts) {
    if (!Number.isFinite(v) || !Number.isFinite(ex)) {
      pen = false
      continue
    }
    d += `${pen ? 'L' : 'M'}${n(x(ex))} ${n(y(v))}`
    pen = true
  }
  return d
}

const legend = (cx: number, y: number, series: ReadonlyArray<Pick<Series, 'name' | 'color' | 'dash'>>): string => {
  const size = 12
  const sample = 26
  const gap = 24
  const widths = series.map((s) => sample + 6 + textWidth(s.name, size))
  const total = widths.reduce((a, b) => a + b, 0) + gap * (series.length - 1)
  let x = cx - total / 2
  const items = series.map((s, i) => {
    const dash = s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`
    const item =
      `<g class="legend-entry">` +
      `<line x1="${n(x)}" y1="${n(y)}" x2="${n(x + sample)}" y2="${n(y)}" stroke="${s.color}" stroke-width="2.5"${dash}/>` +
      text(x + sample + 6, y + 4, s.name) +
      `</g>`
    x += (widths[i] as number) + gap
    return item
  })
  return `<g class="legend">${items.join('')}</g>`
}

/**
 * Training curves of a history (what `train` returns, or the `EpochMetrics` collected by `onEpoch`) as an SVG
 * document: one panel per metric, side by side (the loss, and the accuracy when the history has it; choose
 * others with `options.metrics`), epochs on the x axis, the training curve solid and the validation curve
 * dashed. Round ticks on both axes, axis labels, and one legend between the title and the panels, so it
 * overlaps neither. Non-finite values are gaps.
 *
 * @example
 * import { Plot } from 'tensorial'
 * const svg = Plot.curves([
 *   { epoch: 1, train: { loss: 0.9, accuracy: 0.6 }, validation: { loss: 1.0, accuracy: 0.55 } },
 *   { epoch: 2, train: { loss: 0.5, accuracy: 0.8 }, validation: { loss: 0.6, accuracy: 0.75 } },
 * ], { title: 'iris' })
 * assert.ok(svg.startsWith('<svg') && svg.includes('validation'))
 *
 * @category plots
 * @since 0.2.0
 */
export const curves = (history: ReadonlyArray<EpochMetrics>, options: CurvesOptions = {}): string => {
  const has = (k: CurveMetric): boolean =>
    history.some((m) => Number.isFinite(metricOf(m.train, k)) || Number.isFinite(metricOf(m.validation, k)))
  const metrics: ReadonlyArray<CurveMetric> =
    options.metrics !== undefined && options.metrics.length > 0
      ? options.metrics
      : has('accuracy')
        ? ['loss', 'accuracy']
        : ['loss']
  const W = options.width !== undefined && options.width >= 160 ? options.width : 420
  const H = options.height !== undefined && options.height >= 120 ? options.height : 300
  const withValidation = history.some((m) => m.validation !== undefined)
  const series = [
    { name: options.names?.train ?? 'train', ...TRAIN },
    ...(withValidation ? [{ name: options.names?.validation ?? 'validation', ...VALID }] : []),
  ]
  const title = options.title ?? ''
  const titleH = title === '' ? 0 : 30
  const legendY = titleH + 18
  const top = legendY + 16
  const width = W * metrics.length
  const height = top + H
  const m = { l: 64, r: 18, t: 12, b: 46 }
  const epochs = history.map((h) => h.epoch).filter(Number.isFinite)
  const ex = epochs.length === 0 ? niceAxisX(1, 2) : niceAxisX(Math.min(...epochs), Math.max(...epochs))
  const panels = metrics.map((k, p) => {
    const data: ReadonlyArray<Series> = series.map((s, i) => ({
      ...s,
      points: history.map((h) => [h.epoch, metricOf(i === 0 ? h.train : h.validation, k)] as const),
    }))
    const values = data.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite)
    const ey = niceAxis(Math.min(...values), Math.max(...values), 5)
    const x0 = m.l
    const x1 = W - m.r
    const y0 = H - m.b
    const y1 = m.t
    const inset = 10 // keep the first and last points off the axes
    const x = (v: number): number => x0 + inset + ((v - ex.lo) / (ex.hi - ex.lo)) * (x1 - x0 - 2 * inset)
    const y = (v: number): number => y0 - ((v - ey.lo) / (ey.hi - ey.lo)) * (y0 - y1)
    const grid = ey.ticks
      .map(
        (t) =>
          `<line x1="${n(x0)}" y1="${n(y(t))}" x2="${n(x1)}" y2="${n(y(t))}" stroke="#e6e6e6"/>` +
          text(x0 - 6, y(t) + 4, fmt(t, ey.decimals), 'text-anchor="end" fill="#444"'),
      )
      .join('')
    const xticks = ex.ticks
      .map(
        (t) =>
          `<line x1="${n(x(t))}" y1="${n(y0)}" x2="${n(x(t))}" y2="${n(y0 + 5)}" stroke="#888"/>` +
          text(x(t), y0 + 18, fmt(t, ex.decimals), 'text-anchor="middle" fill="#444"'),
      )
      .join('')
    const lines = data
      .map((s) => {
        const d = pathOf(s.points, x, y)
        if (d === '') return ''
        const dash = s.dash === '' ? '' : ` stroke-dasharray="${s.dash}"`
        const dots =
          s.points.length > 40
            ? ''
            : s.points
                .filter(([e, v]) => Number.isFinite(e) && Number.isFinite(v))
                .map(([e, v]) => `<circle cx="${n(x(e))}" cy="${n(y(v))}" r="2.5" fill="${s.color}"/>`)
                .join('')
        return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${dash} stroke-linejoin="round"/>${dots}`
      })
      .join('')
    const label = options.labels?.[k] ?? k
    return (
      `<g class="panel" transform="translate(${n(p * W)},${n(top)})">` +
      grid +
      `<path d="M${n(x0)} ${n(y1)}V${n(y0)}H${n(x1)}" fill="none" stroke="#888"/>` +
      xticks +
      text((x0 + x1) / 2, H - 8, 'epoch', 'text-anchor="middle"') +
      text(16, (y0 + y1) / 2, label, `text-anchor="middle" transform="rotate(-90 16 ${n((y0 + y1) / 2)})"`) +
      `<g class="curves">${lines}</g>` +
      `</g>`
    )
  })
  const heading =
    title === '' ? '' : text(width / 2, 22, title, 'text-anchor="middle" font-size="16" font-weight="600"')
  return `${svgOpen(width, height, title === '' ? 'training curves' : title)}${heading}${legend(width / 2, legendY, series)}${panels.join('')}</svg>\n`
}

/** The epoch axis: exactly the epochs trained (not widened), integer ticks; one epoch sits in the middle. */
const niceAxisX = (lo: number, hi: number): Axis => {
  if (lo === hi) return { lo: lo - 1, hi: hi + 1, ticks: [lo], decimals: 0 }
  const s0 = niceStep(hi - lo, 6)
  const s = stepValue(s0) < 1 ? { k: 1, e: 0 } : s0
  return { lo, hi, ticks: ticksOf(lo, hi, s), decimals: decimalsOf(s) }
}

// -------------------------------------------------------------------------------------
// confusion matrix
// -------------------------------------------------------------------------------------

/**
 * Options of {@link confusion}.
 *
 * @category model
 * @since 0.2.0
 */
export interface ConfusionOptions {
  /** The name of each class, in index order (default the index). */
  readonly labels?: ReadonlyArray<string>
  /** The figure's title (default `confusion matrix`). */
  readonly title?: string
  /** The side of a cell in px (default 440 / K, between 12 and 48). */
  readonly cell?: number
}

// ColorBrewer's sequential Blues (9 classes), light to dark.
const BLUES = ['#f7fbff', '#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c', '#08306b']

const rgb = (hex: string): readonly [number, number, number] => [
  parseInt(hex.slice(1, 3), 16),
  parseInt(hex.slice(3, 5), 16),
  parseInt(hex.slice(5, 7), 16),
]

/** The Blues colour at `t ∈ [0, 1]` (clamped; NaN is 0), linear between the scheme's stops. */
const blue = (t0: number): string => {
  const t = Number.isFinite(t0) ? Math.min(1, Math.max(0, t0)) : 0
  const f = t * (BLUES.length - 1)
  const i = Math.min(BLUES.length - 2, Math.floor(f))
  const a = rgb(BLUES[i] as string)
  const b = rgb(BLUES[i + 1] as string)
  const mix = a.map((c, j) => Math.round(c + (f - i) * ((b[j] as number) - c)))
  return `#${mix.map((c) => c.toString(16).padStart(2, '0')).join('')}`
}

/**
 * A confusion matrix (rows: true class, columns: predicted class, as `Metrics.confusionMatrix` builds it) as an
 * SVG heatmap: each cell coloured by its count on a white-to-blue scale, with the count written in it (when
 * the cell is large enough), class labels on both axes and a colour bar with round ticks. The second argument
 * is the class labels, or an options object.
 *
 * @example
 * import { Metrics, orThrow, Plot } from 'tensorial'
 * const cm = orThrow(Metrics.confusionMatrix([0, 1, 1, 2], [0, 1, 2, 2], 3))
 * assert.ok(Plot.confusion(cm, ['setosa', 'versicolor', 'virginica']).includes('virginica'))
 *
 * @category plots
 * @since 0.2.0
 */
export const confusion = <K extends number>(
  matrix: Matrix<K, K>,
  labelsOrOptions: ReadonlyArray<string> | ConfusionOptions = {},
): string => {
  const options: ConfusionOptions = Array.isArray(labelsOrOptions)
    ? { labels: labelsOrOptions as ReadonlyArray<string> }
    : (labelsOrOptions as ConfusionOptions)
  const k = matrix.shape[0]
  const counts = Array.from(matrix.data)
  const max = Math.max(0, ...counts.filter(Number.isFinite))
  const cell =
    options.cell !== undefined && options.cell >= 4
      ? options.cell
      : Math.min(48, Math.max(12, Math.round(440 / Math.max(1, k))))
  const names = Array.from({ length: k }, (_, i) => options.labels?.[i] ?? String(i))
  const tick = Math.min(12, Math.max(8, cell * 0.45))
  const labelW = Math.max(...names.map((s) => textWidth(s, tick)), 0)
  const title = options.title ?? 'confusion matrix'
  const gx = 34 + labelW + 8 // room for the y-axis title and the row labels
  const gy = 44
  const side = k * cell
  const barX = gx + side + 24
  const bar = { w: 14, steps: 64 }
  const top = max > 0 ? max : 1
  const barTicks = ticks(0, top, 5).filter(Number.isInteger)
  const barLabelW = Math.max(...barTicks.map((t) => textWidth(fmt(t, 0), 11)), 0)
  const width = barX + bar.w + 8 + barLabelW + 12
  const height = gy + side + 16 + labelW * 0.75 + 34
  const cells: Array<string> = []
  const digits = Math.max(1, ...counts.map((v) => String(v).length))
  const countSize = Math.min(13, (cell * 0.9) / (digits * 0.6))
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = counts[i * k + j] as number
      const t = max > 0 ? v / max : 0
      const x = gx + j * cell
      const y = gy + i * cell
      cells.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(cell)}" height="${n(cell)}" fill="${blue(t)}"/>`)
      if (countSize >= 6)
        cells.push(
          text(
            x + cell / 2,
            y + cell / 2 + countSize * 0.35,
            String(v),
            `text-anchor="middle" font-size="${n(countSize)}" fill="${t > 0.5 ? '#ffffff' : '#1a1a1a'}"`,
          ),
        )
    }
  const rowLabels = names
    .map((s, i) => text(gx - 6, gy + i * cell + cell / 2 + tick * 0.35, s, `text-anchor="end" font-size="${n(tick)}"`))
    .join('')
  // Column labels under the grid, turned 45° when they would not fit a cell.
  const turn = Math.max(...names.map((s) => textWidth(s, tick))) > cell - 2
  const colLabels = names
    .map((s, j) => {
      const x = gx + j * cell + cell / 2
      const y = gy + side + tick + 4
      return turn
        ? text(x, y, s, `text-anchor="end" font-size="${n(tick)}" transform="rotate(-45 ${n(x)} ${n(y)})"`)
        : text(x, y, s, `text-anchor="middle" font-size="${n(tick)}"`)
    })
    .join('')
  const strips = Array.from({ length: bar.steps }, (_, s) => {
    const h = side / bar.steps
    return `<rect x="${n(barX)}" y="${n(gy + side - (s + 1) * h)}" width="${bar.w}" height="${n(h + 0.5)}" fill="${blue((s + 0.5) / bar.steps)}"/>`
  }).join('')
  const barAxis = barTicks
    .map((t) => {
      const y = gy + side - (t / top) * side
      return (
        `<line x1="${n(barX + bar.w)}" y1="${n(y)}" x2="${n(barX + bar.w + 4)}" y2="${n(y)}" stroke="#666"/>` +
        text(barX + bar.w + 7, y + 4, fmt(t, 0), 'font-size="11" fill="#444"')
      )
    })
    .join('')
  const midY = gy + side / 2
  return (
    svgOpen(width, height, title) +
    text(gx + side / 2, 24, title, 'text-anchor="middle" font-size="15" font-weight="600"') +
    `<g class="cells">${cells.join('')}</g>` +
    `<rect x="${n(gx)}" y="${n(gy)}" width="${n(side)}" height="${n(side)}" fill="none" stroke="#999"/>` +
    rowLabels +
    colLabels +
    text(14, midY, 'true class', `text-anchor="middle" transform="rotate(-90 14 ${n(midY)})"`) +
    text(gx + side / 2, height - 10, 'predicted class', 'text-anchor="middle"') +
    `<g class="colour-scale">${strips}<rect x="${n(barX)}" y="${n(gy)}" width="${bar.w}" height="${n(side)}" fill="none" stroke="#999"/>${barAxis}</g>` +
    `</svg>\n`
  )
}
