import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom'
import { ticks as d3Ticks } from 'd3-array'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { type EpochMetrics, Plot, tensor, zeros } from 'tensorial'

// -------------------------------------------------------------------------------------
// helpers: parse the SVG (well-formedness), walk its elements
// -------------------------------------------------------------------------------------

const parse = (svg: string): XmlElement => {
  const errors: Array<string> = []
  const doc = new DOMParser({ onError: (level, msg) => void errors.push(`${level}: ${msg}`) }).parseFromString(
    svg,
    'image/svg+xml',
  )
  expect(errors).toEqual([])
  const root = doc.documentElement
  if (root === null) throw new Error('no root element')
  expect(root.tagName).toBe('svg')
  expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg')
  return root
}

const elements = (root: XmlElement): Array<XmlElement> => {
  const out: Array<XmlElement> = []
  const walk = (e: XmlElement): void => {
    out.push(e)
    for (let c = e.firstChild; c !== null; c = c.nextSibling) if (c.nodeType === 1) walk(c as XmlElement)
  }
  walk(root)
  return out
}

/** Every attribute value of every element. */
const attributes = (root: XmlElement): Array<string> =>
  elements(root).flatMap((e) =>
    Array.from({ length: e.attributes.length }, (_, i) => e.attributes.item(i)?.value ?? ''),
  )

const byClass = (root: XmlElement, name: string): Array<XmlElement> =>
  elements(root).filter((e) => (e.getAttribute('class') ?? '').split(' ').includes(name))

const texts = (e: XmlElement): Array<string> =>
  elements(e)
    .filter((t) => t.tagName === 'text')
    .map((t) => t.textContent ?? '')

const wellFormedAndFinite = (svg: string): XmlElement => {
  const root = parse(svg)
  for (const v of attributes(root)) expect(v).not.toMatch(/NaN|Infinity|undefined/)
  return root
}

/** The y of the panels' top edge and the y of the legend's entries, in document coordinates. */
const translateY = (e: XmlElement): number =>
  Number(/translate\([^,]+,([^)]+)\)/.exec(e.getAttribute('transform') ?? '')?.[1])

// -------------------------------------------------------------------------------------
// nice ticks
// -------------------------------------------------------------------------------------

describe('ticks', () => {
  it.each([
    [0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1]],
    [0, 1, 10, [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]],
    [0.13, 0.87, 4, [0.2, 0.4, 0.6, 0.8]],
    [-1, 1, 5, [-1, -0.5, 0, 0.5, 1]],
    [0, 0.3, 3, [0, 0.1, 0.2, 0.3]],
    [0.9, 0.999, 5, [0.9, 0.92, 0.94, 0.96, 0.98]],
    [2.3, 2.35, 5, [2.3, 2.31, 2.32, 2.33, 2.34, 2.35]],
    [1e-7, 3e-7, 5, [1e-7, 1.5e-7, 2e-7, 2.5e-7, 3e-7]],
    [0, 1e6, 5, [0, 2e5, 4e5, 6e5, 8e5, 1e6]],
    [1, 10, 5, [2, 4, 6, 8, 10]],
    [0.05, 2.3, 5, [0.5, 1, 1.5, 2]],
    [-0.001, 0.005, 5, [-0.001, 0, 0.001, 0.002, 0.003, 0.004, 0.005]],
    [3, 1, 5, [3, 2.5, 2, 1.5, 1]],
    [1, 1, 5, [1]],
    [0, 1, 1, [0, 1]],
    [0, NaN, 5, []],
    [0, Infinity, 5, []],
    [0, 1, 0, []],
  ])('ticks(%s, %s, %s) = %j', (lo, hi, count, expected) => {
    expect(Plot.ticks(lo, hi, count)).toEqual(expected)
  })

  it('are round: every step is 1, 2 or 5 × 10ⁿ, and the values print without float noise', () => {
    for (const [lo, hi] of [
      [0, 0.7],
      [0.0123, 0.0456],
      [17, 943],
      [-3.3, 12.1],
    ] as const) {
      const t = Plot.ticks(lo, hi, 6)
      const step = (t[1] as number) - (t[0] as number)
      const mantissa = Number((step / 10 ** Math.floor(Math.log10(step))).toPrecision(6))
      expect([1, 2, 5]).toContain(mantissa)
      for (const v of t) expect(String(v)).toMatch(/^-?\d+(\.\d{1,6})?$/)
    }
  })

  it('equal d3-array’s ticks on random ranges and counts', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 20 }),
        (lo, span, count) => {
          expect(Plot.ticks(lo, lo + span, count)).toEqual(d3Ticks(lo, lo + span, count))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('end on a range tiny against its magnitude (index arithmetic past 2⁵³)', () => {
    expect(Plot.ticks(1e15, 1e15 + 0.5, 5)).toEqual(d3Ticks(1e15, 1e15 + 0.5, 5))
  })
})

// -------------------------------------------------------------------------------------
// training curves
// -------------------------------------------------------------------------------------

const history: ReadonlyArray<EpochMetrics> = Array.from({ length: 10 }, (_, i) => ({
  epoch: i + 1,
  train: { loss: 0.9 * Math.exp(-i / 2.5) + 0.05, accuracy: 0.99 - 0.2 * Math.exp(-i / 2) },
  validation: { loss: 0.85 * Math.exp(-i / 3) + 0.12, accuracy: 0.965 - 0.18 * Math.exp(-i / 2) },
}))

describe('curves', () => {
  it('is well-formed SVG with a loss and an accuracy panel, each a train and a validation curve', () => {
    const root = wellFormedAndFinite(Plot.curves(history))
    const panels = byClass(root, 'panel')
    expect(panels).toHaveLength(2)
    for (const p of panels)
      expect(elements(p).filter((e) => e.tagName === 'path' && e.getAttribute('stroke') !== '#888')).toHaveLength(2)
    expect(texts(root)).toEqual(expect.arrayContaining(['loss', 'accuracy', 'epoch']))
  })

  it('has a legend with one entry per curve, between the title and the panels', () => {
    const root = wellFormedAndFinite(Plot.curves(history, { title: 'MNIST', names: { validation: 'test' } }))
    const legend = byClass(root, 'legend')[0]
    if (legend === undefined) throw new Error('no legend')
    expect(texts(legend)).toEqual(['train', 'test'])
    const title = elements(root).find((e) => e.tagName === 'text' && e.textContent === 'MNIST')
    const titleY = Number(title?.getAttribute('y'))
    const entryYs = elements(legend)
      .filter((e) => e.tagName === 'line')
      .map((e) => Number(e.getAttribute('y1')))
    const panelTop = Math.min(...byClass(root, 'panel').map(translateY))
    for (const y of entryYs) {
      expect(y - 6).toBeGreaterThan(titleY + 4) // below the title's baseline and descenders
      expect(y + 8).toBeLessThan(panelTop) // above every panel
    }
    // entries do not overlap each other: the second starts after the first one's text
    const [a, b] = elements(legend).filter((e) => e.tagName === 'line')
    const firstText = elements(legend).find((e) => e.tagName === 'text')
    expect(Number(b?.getAttribute('x1'))).toBeGreaterThan(
      Number(firstText?.getAttribute('x')) + 'train'.length * 12 * 0.6,
    )
    expect(Number(a?.getAttribute('x2'))).toBeLessThan(Number(firstText?.getAttribute('x')))
  })

  it('labels the y axis with round ticks that cover the data', () => {
    const root = wellFormedAndFinite(Plot.curves(history))
    const loss = byClass(root, 'panel')[0] as XmlElement
    const labels = elements(loss)
      .filter((e) => e.tagName === 'text' && e.getAttribute('text-anchor') === 'end')
      .map((e) => Number(e.textContent))
    expect(labels).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    const xLabels = elements(loss)
      .filter(
        (e) => e.tagName === 'text' && e.getAttribute('text-anchor') === 'middle' && /^\d+$/.test(e.textContent ?? ''),
      )
      .map((e) => Number(e.textContent))
    expect(xLabels).toEqual([2, 4, 6, 8, 10])
  })

  it('escapes every text', () => {
    const svg = Plot.curves(history, {
      title: `a <b> & "c" 'd'`,
      names: { train: '<train>', validation: 'val & co' },
      labels: { loss: 'loss <CE>' },
    })
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;')
    const root = wellFormedAndFinite(svg)
    expect(texts(root)).toEqual(expect.arrayContaining([`a <b> & "c" 'd'`, '<train>', 'val & co', 'loss <CE>']))
  })

  it('has no NaN or Infinity in any attribute, whatever the history holds', () => {
    const cases: ReadonlyArray<ReadonlyArray<EpochMetrics>> = [
      [],
      [{ epoch: 1, train: { loss: 0.5 } }],
      [{ epoch: 1, train: { loss: NaN, accuracy: NaN } }],
      [
        { epoch: 1, train: { loss: 1 }, validation: { loss: Infinity } },
        { epoch: 2, train: { loss: 0.5 }, validation: { loss: 2 } },
        { epoch: 3, train: { loss: 0.5 }, validation: { loss: NaN } },
      ],
      [
        { epoch: 1, train: { loss: 3, accuracy: 0.5 } },
        { epoch: 2, train: { loss: 3, accuracy: 0.5 } },
      ],
      Array.from({ length: 200 }, (_, i) => ({ epoch: i + 1, train: { loss: 1 / (i + 1), mse: 2, r2: -1e9 } })),
    ]
    for (const h of cases) {
      wellFormedAndFinite(Plot.curves(h))
      wellFormedAndFinite(Plot.curves(h, { metrics: ['loss', 'accuracy', 'mse', 'r2'], width: 0, height: NaN }))
    }
  })

  it('breaks a curve at a non-finite value, and plots only the loss when there is no accuracy', () => {
    const h: ReadonlyArray<EpochMetrics> = [
      { epoch: 1, train: { loss: 1, mse: 1, r2: 0 } },
      { epoch: 2, train: { loss: Infinity, mse: 1, r2: 0 } },
      { epoch: 3, train: { loss: 0.5, mse: 0.5, r2: 0.5 } },
      { epoch: 4, train: { loss: 0.4, mse: 0.4, r2: 0.6 } },
    ]
    const root = wellFormedAndFinite(Plot.curves(h))
    expect(byClass(root, 'panel')).toHaveLength(1)
    const curve = elements(byClass(root, 'curves')[0] as XmlElement).find((e) => e.tagName === 'path')
    expect(curve?.getAttribute('d')?.match(/M/g)).toHaveLength(2)
    expect(byClass(root, 'legend-entry')).toHaveLength(1)
  })
})

// -------------------------------------------------------------------------------------
// confusion heatmap
// -------------------------------------------------------------------------------------

describe('confusion', () => {
  const m = tensor([
    [5, 1, 0],
    [2, 7, 1],
    [0, 0, 9],
  ])

  it('draws K² cells with their counts, labels on both axes and a colour scale with round ticks', () => {
    const root = wellFormedAndFinite(Plot.confusion(m, ['cat', 'dog', 'bird & <fish>']))
    const cells = byClass(root, 'cells')[0] as XmlElement
    expect(elements(cells).filter((e) => e.tagName === 'rect')).toHaveLength(9)
    expect(texts(cells)).toEqual(['5', '1', '0', '2', '7', '1', '0', '0', '9'])
    expect(texts(root).filter((t) => t === 'bird & <fish>')).toHaveLength(2)
    expect(texts(root)).toEqual(expect.arrayContaining(['true class', 'predicted class', 'confusion matrix']))
    const scale = byClass(root, 'colour-scale')[0] as XmlElement
    expect(texts(scale)).toEqual(['0', '2', '4', '6', '8'])
    // the darkest cell is the largest count; an empty cell is white
    const fills = elements(cells)
      .filter((e) => e.tagName === 'rect')
      .map((e) => e.getAttribute('fill'))
    expect(fills[8]).toBe('#08306b')
    expect(fills[2]).toBe('#f7fbff')
  })

  it('takes options, and stays finite on an all-zero or a 1 × 1 matrix', () => {
    const root = wellFormedAndFinite(Plot.confusion(m, { title: 'iris <test>', labels: ['a'], cell: 30 }))
    expect(texts(root)).toEqual(expect.arrayContaining(['iris <test>', 'a', '1', '2']))
    wellFormedAndFinite(Plot.confusion(zeros([4, 4])))
    wellFormedAndFinite(Plot.confusion(tensor([[3]])))
    wellFormedAndFinite(Plot.confusion(zeros([40, 40])))
  })
})
