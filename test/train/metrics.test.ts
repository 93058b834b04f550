import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { fromArray, type Matrix, Metrics, tensor, toArray } from 'tensorial'

import { unsafeLeft, unsafeRight } from '../util.js'

const cm = (predicted: ReadonlyArray<number>, actual: ReadonlyArray<number>, k: number): Matrix<number, number> =>
  unsafeRight(Metrics.confusionMatrix(predicted, actual, k))

describe('confusionMatrix', () => {
  it('counts by true class (rows) and predicted class (columns) from class indices', () => {
    const c = cm([0, 0, 1, 1, 2, 2, 2, 0, 2, 0], [0, 0, 0, 1, 1, 2, 2, 2, 2, 0], 4)
    expect(c.shape).toEqual([4, 4])
    expect(toArray(c)).toEqual([
      [3, 1, 0, 0],
      [0, 1, 1, 0],
      [1, 0, 3, 0],
      [0, 0, 0, 0],
    ])
  })

  it('counts from an output and one-hot targets by row argmax (first on ties)', () => {
    const output = tensor([
      [0.7, 0.2, 0.1],
      [0.1, 0.1, 0.8],
      [0.4, 0.4, 0.2], // tie: class 0
      [0.2, 0.5, 0.3],
    ])
    const target = tensor([
      [1, 0, 0],
      [0, 1, 0],
      [0, 1, 0],
      [0, 1, 0],
    ])
    const c = unsafeRight(Metrics.confusionMatrix(output, target))
    expect(toArray(c)).toEqual([
      [1, 0, 0],
      [1, 1, 1],
      [0, 0, 0],
    ])
  })

  it('a one-output network has 2 classes: 1 when the output is ≥ ½', () => {
    const c = unsafeRight(Metrics.confusionMatrix(tensor([[0.2], [0.5], [0.9], [0.4]]), tensor([[0], [0], [1], [1]])))
    expect(c.shape).toEqual([2, 2])
    expect(toArray(c)).toEqual([
      [1, 1],
      [1, 1],
    ])
  })

  it('an empty batch gives a zero matrix', () => {
    expect(toArray(cm([], [], 2))).toEqual([
      [0, 0],
      [0, 0],
    ])
  })

  it('is a Left naming the entry or the lengths that do not fit', () => {
    const msg = (e: ReturnType<typeof Metrics.confusionMatrix>): string => unsafeLeft(e).message
    expect(msg(Metrics.confusionMatrix([0, 1], [0], 2))).toBe(
      'confusionMatrix: predicted has 2 entries but actual has 1',
    )
    expect(msg(Metrics.confusionMatrix([0, 2], [0, 1], 2))).toBe(
      'confusionMatrix: predicted[1] is 2, not a class index in [0, 2)',
    )
    expect(msg(Metrics.confusionMatrix([0, 1], [0, 0.5], 2))).toBe(
      'confusionMatrix: actual[1] is 0.5, not a class index in [0, 2)',
    )
    expect(msg(Metrics.confusionMatrix([0], [0], 0))).toBe('confusionMatrix: classes must be a positive integer, got 0')
    expect(msg(Metrics.confusionMatrix(tensor([[NaN, 1]]), tensor([[0, 1]])))).toBe(
      'confusionMatrix: output[0][0] is NaN',
    )
    expect(msg(Metrics.confusionMatrix(tensor([[0.3]]), tensor([[0.5]])))).toBe(
      'confusionMatrix: target[0][0] is 0.5; a one-output target is 0 or 1',
    )
    const mixed = Metrics.confusionMatrix as (
      p: unknown,
      a: unknown,
      k?: number,
    ) => ReturnType<typeof Metrics.confusionMatrix>
    expect(msg(mixed([0], tensor([[1]]), 1))).toBe(
      'confusionMatrix: predicted and actual must both be index arrays or both be matrices',
    )
    expect(msg(mixed(new Float64Array(2), new Float64Array(2), 2))).toBe(
      'confusionMatrix: predicted and actual must both be index arrays or both be matrices',
    )
    const a = unsafeRight(fromArray([0, 1, 1, 0], [2 as number, 2]))
    const b = unsafeRight(fromArray([0, 1], [1 as number, 2]))
    expect(msg(Metrics.confusionMatrix(a, b))).toBe('confusionMatrix: output is [2,2] but target is [1,2]')
  })
})

describe('classificationReport (scikit-learn’s definitions)', () => {
  it('per class: precision over the column, recall over the row, F1 = 2TP / (2TP + FP + FN), support', () => {
    // y_true = [0, 0, 0, 1], y_pred = [0, 1, 1, 1]: sklearn's precision_recall_fscore_support gives
    // precision [1, 1/3], recall [1/3, 1], f1 [0.5, 0.5], support [3, 1]
    const r = Metrics.classificationReport(cm([0, 1, 1, 1], [0, 0, 0, 1], 2))
    expect(r.classes).toEqual([
      { precision: 1, recall: 1 / 3, f1: 0.5, support: 3 },
      { precision: 1 / 3, recall: 1, f1: 0.5, support: 1 },
    ])
    expect(r.accuracy).toBe(0.5)
    expect(r.total).toBe(4)
    expect(r.macro).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 0.5, support: 4 })
    expect(r.weighted).toEqual({ precision: (3 * 1 + 1 / 3) / 4, recall: 0.5, f1: 0.5, support: 4 })
    expect(Metrics.accuracy(cm([0, 1, 1, 1], [0, 0, 0, 1], 2))).toBe(0.5)
  })

  it('zero division is 0: a class never predicted, a class with no support', () => {
    const r = Metrics.classificationReport(cm([0, 0, 1, 1, 2, 2, 2, 0, 2, 0], [0, 0, 0, 1, 1, 2, 2, 2, 2, 0], 4))
    expect(r.classes[3]).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 })
    expect(r.classes[0]).toEqual({ precision: 0.75, recall: 0.75, f1: 0.75, support: 4 })
    expect(r.classes[1]).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 })
    // the macro average counts the empty class; the weighted one gives it weight 0
    expect(r.macro).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 10 })
    expect(r.weighted.precision).toBeCloseTo(0.7, 15)
    expect(r.accuracy).toBe(0.7)
    // support but no predictions: precision 0/0 = 0, recall 0, F1 0
    const s = Metrics.classificationReport(cm([0, 0], [0, 1], 2))
    expect(s.classes[1]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 })
    expect(s.classes[0]).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3, support: 1 })
    // no examples at all: every number is 0, none NaN
    const z = Metrics.classificationReport(cm([], [], 3))
    expect(z.accuracy).toBe(0)
    expect(z.weighted).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 })
  })

  it('formatReport prints scikit-learn’s classification_report layout', () => {
    const r = Metrics.classificationReport(cm([0, 1, 1, 1], [0, 0, 0, 1], 2))
    expect(Metrics.formatReport(r)).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '           0       1.00      0.33      0.50         3',
        '           1       0.33      1.00      0.50         1',
        '',
        '    accuracy                           0.50         4',
        '   macro avg       0.67      0.67      0.50         4',
        'weighted avg       0.83      0.50      0.50         4',
      ].join('\n'),
    )
    expect(Metrics.formatReport(r, { labels: ['cat', 'dog'], digits: 3 }).split('\n')[2]).toBe(
      '         cat      1.000     0.333     0.500         3',
    )
  })

  it('properties: rows sum to the class support, F1 is the harmonic mean, the averages are means', () => {
    const arb = fc
      .integer({ min: 1, max: 6 })
      .chain((k) =>
        fc.tuple(
          fc.constant(k),
          fc.array(fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 })), { maxLength: 60 }),
        ),
      )
    fc.assert(
      fc.property(arb, ([k, pairs]) => {
        const predicted = pairs.map(([p]) => p)
        const actual = pairs.map(([, a]) => a)
        const c = cm(predicted, actual, k)
        const rows = toArray(c) as ReadonlyArray<ReadonlyArray<number>>
        const r = Metrics.classificationReport(c)
        for (let i = 0; i < k; i++) {
          const support = actual.filter((a) => a === i).length
          expect(rows[i]?.reduce((a, b) => a + b, 0)).toBe(support)
          expect(rows.reduce((a, row) => a + (row[i] as number), 0)).toBe(predicted.filter((p) => p === i).length)
          const s = r.classes[i]
          if (s === undefined) throw new Error('missing class')
          expect(s.support).toBe(support)
          const h = s.precision + s.recall > 0 ? (2 * s.precision * s.recall) / (s.precision + s.recall) : 0
          expect(s.f1).toBeCloseTo(h, 12)
        }
        expect(r.total).toBe(pairs.length)
        const mean = r.classes.reduce((a, s) => a + s.f1, 0) / k
        expect(r.macro.f1).toBeCloseTo(mean, 12)
        const correct = pairs.filter(([p, a]) => p === a).length
        expect(r.accuracy).toBe(pairs.length === 0 ? 0 : correct / pairs.length)
        // weighted recall is accuracy (Σ support_i · TP_i / support_i / N)
        expect(r.weighted.recall).toBeCloseTo(r.accuracy, 12)
      }),
    )
  })
})
