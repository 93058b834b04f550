import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { Codec, Dataset, fromArray, Random, ShapeError, type Tensor, tensor, toArray, toFlat, zeros } from 'tensorial'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const right = <L, A>(r: E.Either<L, A>): A =>
  E.isRight(r) ? r.right : expect.fail(`expected a Right, got a Left: ${String((r.left as Error).message ?? r.left)}`)

const left = <L, A>(r: E.Either<L, A>): L => (E.isLeft(r) ? r.left : expect.fail('expected a Left, got a Right'))

/** A matrix `[n, w]` from flat data, with a dynamic row count. */
const mat = <W extends number>(n: number, w: W, data: ArrayLike<number>): Tensor<readonly [number, W]> =>
  right(fromArray(data, [n, w] as [number, W]))

/**
 * A data set whose rows identify themselves: x_i = [i, 10 i], y_i = one-hot of (i mod k). Any op that moved
 * x rows without their y rows (or the other way) breaks `paired`.
 */
const tagged = (n: number, k = 3): Dataset.Dataset<2, number> => {
  const x = mat(
    n,
    2,
    Array.from({ length: 2 * n }, (_, j) => (j % 2 === 0 ? j / 2 : 10 * ((j - 1) / 2))),
  )
  const y = right(
    Dataset.oneHot(
      Array.from({ length: n }, (_, i) => i % k),
      k,
    ),
  )
  return right(Dataset.dataset(x, y))
}

/** The original row index of each row, checking that x and y still agree. */
const ids = (ds: Dataset.Dataset<2, number>): ReadonlyArray<number> => {
  const xs = toArray(ds.x)
  const ys = toArray(ds.y)
  return xs.map(([i, ten], r) => {
    expect(ten).toBe(10 * (i as number))
    expect((ys[r] as Array<number>).indexOf(1)).toBe((i as number) % (ys[r] as Array<number>).length)
    return i as number
  })
}

const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol)

// -------------------------------------------------------------------------------------
// construction
// -------------------------------------------------------------------------------------

describe('dataset', () => {
  it('pairs x and y with equal row counts', () => {
    const ds = right(
      Dataset.dataset(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        tensor([[1], [0]]),
      ),
    )
    expect(Dataset.size(ds)).toBe(2)
    expect(ds.x.shape).toEqual([2, 2])
    expect(ds.y.shape).toEqual([2, 1])
    expect(Object.isFrozen(ds)).toBe(true)
  })

  it('rejects different row counts (dynamic dims) with a ShapeError naming both', () => {
    const e = left(Dataset.dataset(mat(3, 2, new Array(6).fill(0)), mat(2, 1, [0, 1])))
    expect(e).toBeInstanceOf(ShapeError)
    expect(e.message).toBe('dataset: x has 3 rows but y has 2 (shapes [3, 2] and [2, 1])')
  })

  it('allows an empty data set', () => {
    expect(Dataset.size(right(Dataset.dataset(zeros([0, 4]), zeros([0, 3]))))).toBe(0)
  })
})

describe('oneHot', () => {
  it('puts a 1 in the label column: Y_ij = [labels_i = j]', () => {
    expect(toArray(right(Dataset.oneHot([2, 0, 1], 3)))).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ])
    expect(right(Dataset.oneHot([], 4)).shape).toEqual([0, 4])
  })

  it.each([
    [[0, 3], 3, 'oneHot: labels[1]: expected an integer in [0, 3), got 3'],
    [[0, 1, -1], 3, 'labels[2]: expected an integer in [0, 3), got -1'],
    [[1.5], 3, 'labels[0]: expected an integer in [0, 3), got 1.5'],
    [[NaN], 3, 'labels[0]: expected an integer in [0, 3), got NaN'],
    [['1' as unknown as number], 3, 'labels[0]: expected an integer in [0, 3), got "1"'],
    [[0], 0, 'oneHot: classes must be a positive integer, got 0'],
    [[0], 2.5, 'classes must be a positive integer, got 2.5'],
    [[0, 1, 2], 2 ** 52, 'oneHot: dim 1 is 4503599627370496, over the limit of 67108864 elements (maxElements)'],
    [[0], 1e9, 'oneHot: dim 1 is 1000000000, over the limit of 67108864 elements (maxElements)'],
    [new Array<number>(2 ** 14).fill(0), 2 ** 13, 'oneHot: shape [16384, 8192] has 134217728 elements, over the limit'],
  ])('rejects %j with %s classes', (labels, k, want) => {
    const e = left(Dataset.oneHot(labels, k))
    expect(e).toBeInstanceOf(Codec.DecodeError)
    expect(e.message).toContain(want)
  })

  it('checks the size against maxElements, which the caller can raise or lower', () => {
    expect(left(Dataset.oneHot([0, 1], 3, { maxElements: 5 })).message).toBe(
      'oneHot: shape [2, 3] has 6 elements, over the limit of 5 (maxElements)',
    )
    expect(E.isRight(Dataset.oneHot([0, 1], 3, { maxElements: 6 }))).toBe(true)
    expect(left(Dataset.oneHot([0], 2, { maxElements: -1 })).message).toBe(
      'oneHot: option maxElements must be a non-negative safe integer, got -1',
    )
  })

  it('never throws on labels that throw while being read (a getter, a proxy)', () => {
    const hostile = new Proxy([0, 1], {
      get: (target, k) => {
        if (k === '1') throw new Error('boom')
        return Reflect.get(target, k)
      },
    })
    expect(left(Dataset.oneHot(hostile, 2)).message).toBe('oneHot: could not read the labels: boom')
    expect(left(Dataset.oneHot('01' as unknown as ReadonlyArray<number>, 2)).message).toBe(
      'oneHot: labels must be an array of class indices, got "01"',
    )
  })
})

// -------------------------------------------------------------------------------------
// row selection
// -------------------------------------------------------------------------------------

describe('take, slice, batches', () => {
  const ds = tagged(10)

  it('take picks rows in order, repeats allowed, and rejects bad indices by position', () => {
    expect(ids(right(Dataset.take(ds, [3, 3, 0, 9])))).toEqual([3, 3, 0, 9])
    expect(ids(right(Dataset.take(ds, [])))).toEqual([])
    expect(left(Dataset.take(ds, [0, 10])).message).toContain(
      'take: indices[1]: expected a row index in [0, 10), got 10',
    )
    expect(left(Dataset.take(ds, [-1])).message).toContain('indices[0]: expected a row index in [0, 10), got -1')
    expect(left(Dataset.take(ds, [0.5])).message).toContain('got 0.5')
  })

  it('take checks the size of the result against maxElements before copying (repeats can make it large)', () => {
    // x is [10, 2] and y is [10, 3]: each is held to the limit
    expect(left(Dataset.take(ds, [0, 1, 2], { maxElements: 8 })).message).toBe(
      'take: shape [3, 3] has 9 elements, over the limit of 8 (maxElements) (shapes [10, 2] and [10, 3])',
    )
    expect(ids(right(Dataset.take(ds, [0, 1, 2], { maxElements: 9 })))).toEqual([0, 1, 2])
    expect(left(Dataset.take(ds, new Array<number>(2 ** 26).fill(0))).message).toContain('over the limit of 67108864')
  })

  it('slice follows Array.prototype.slice and shares the rows', () => {
    const all = Array.from({ length: 10 }, (_, i) => i)
    const cases: ReadonlyArray<readonly [number | undefined, number | undefined]> = [
      [2, 5],
      [undefined, undefined],
      [-3, undefined],
      [-100, 100],
      [5, 2],
      [NaN, 3],
      [1.9, 4.2],
      [0, -1],
      [Infinity, undefined],
    ]
    for (const [a, b] of cases) expect(ids(Dataset.slice(ds, a, b))).toEqual(all.slice(a, b))
    const s = Dataset.slice(ds, 2, 5)
    expect(s.x.shape).toEqual([3, 2])
    expect(s.y.shape).toEqual([3, 3])
  })

  it('batches: ⌈N / size⌉ batches in order, the last one smaller', () => {
    const bs = right(Dataset.batches(ds, 4))
    expect(bs.map(Dataset.size)).toEqual([4, 4, 2])
    expect(bs.flatMap(ids)).toEqual(ids(ds))
    expect(right(Dataset.batches(ds, 5)).map(Dataset.size)).toEqual([5, 5])
    expect(right(Dataset.batches(ds, 100)).map(Dataset.size)).toEqual([10])
    expect(right(Dataset.batches(Dataset.slice(ds, 0, 0), 4))).toEqual([])
  })

  it.each([0, -1, 2.5, NaN, Infinity])('batches rejects batch size %s', (b) => {
    expect(left(Dataset.batches(ds, b)).message).toContain('batches: batch size must be a positive integer')
  })
})

// -------------------------------------------------------------------------------------
// random
// -------------------------------------------------------------------------------------

describe('shuffle and splits', () => {
  it('shuffle permutes rows of x and y together, reproducibly', () => {
    const ds = tagged(50)
    const [a, r1] = Dataset.shuffle(ds)(Random.seed(7))
    const [b] = Dataset.shuffle(ds)(Random.seed(7))
    const order = ids(a)
    expect([...order].sort((p, q) => p - q)).toEqual(ids(ds))
    expect(order).not.toEqual(ids(ds))
    expect(ids(b)).toEqual(order)
    expect(r1).not.toEqual(Random.seed(7))
  })

  it('trainTestSplit: round(N f) test rows, disjoint, covering, pairs intact', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer(),
        (n, f, s) => {
          const [r] = Dataset.trainTestSplit(tagged(n), f)(Random.seed(s))
          const [train, test] = right(r)
          expect(Dataset.size(test)).toBe(Math.round(n * f))
          const all = [...ids(train), ...ids(test)].sort((p, q) => p - q)
          expect(all).toEqual(Array.from({ length: n }, (_, i) => i))
        },
      ),
      { numRuns: 100 },
    )
  })

  it.each([-0.1, 1.5, NaN, 20])('trainTestSplit rejects fraction %s and keeps the generator', (f) => {
    const rng = Random.seed(1)
    const [r, next] = Dataset.trainTestSplit(tagged(5), f)(rng)
    expect(left(r).message).toContain('trainTestSplit: test fraction must be in [0, 1]')
    expect(next).toBe(rng)
  })

  it('stratifiedSplit keeps each class in proportion: round(N_c f) per class', () => {
    // 3 classes of sizes 10, 7 and 3 (labels 0…0, 1…1, 2…2)
    const labels = [...new Array(10).fill(0), ...new Array(7).fill(1), ...new Array(3).fill(2)]
    const n = labels.length
    const x = mat(
      n,
      2,
      Array.from({ length: 2 * n }, (_, j) => (j % 2 === 0 ? j / 2 : 5 * j - 5)),
    )
    const ds = right(Dataset.dataset(x, right(Dataset.oneHot(labels, 3))))
    for (const seed of [1, 2, 3]) {
      const [r] = Dataset.stratifiedSplit(ds, 0.3)(Random.seed(seed))
      const [train, test] = right(r)
      const count = (d: Dataset.Dataset<2, 3>, c: number) => toArray(d.y).filter((row) => row[c] === 1).length
      expect([0, 1, 2].map((c) => count(test, c))).toEqual([3, 2, 1])
      expect([0, 1, 2].map((c) => count(train, c))).toEqual([7, 5, 2])
      // pairs intact: y is the one-hot of the label of the row x identifies
      toArray(test.x).forEach(([i], r) =>
        expect((toArray(test.y)[r] as Array<number>)[labels[i as number] as number]).toBe(1),
      )
    }
  })

  it('stratifiedSplit rejects a bad fraction', () => {
    const [r] = Dataset.stratifiedSplit(tagged(5), 2)(Random.seed(1))
    expect(left(r).message).toContain('stratifiedSplit: test fraction must be in [0, 1], got 2')
  })
})

// -------------------------------------------------------------------------------------
// standardisation
// -------------------------------------------------------------------------------------

describe('standardisation', () => {
  const x = tensor([
    [1, 10, 5],
    [2, 20, 5],
    [3, 60, 5],
  ])

  it('fits per-column mean and population std; a constant column gets std 1', () => {
    const s = Dataset.fitStandardizer(x)
    expect(toFlat(s.mean)).toEqual([2, 30, 5])
    const std = toFlat(s.std)
    close(std[0] as number, Math.sqrt(2 / 3))
    close(std[1] as number, Math.sqrt((400 + 100 + 900) / 3))
    expect(std[2]).toBe(1)
  })

  it('standardize gives mean 0 and std 1 on the training set, constant columns 0', () => {
    const z = Dataset.standardize(Dataset.fitStandardizer(x), x)
    const cols = [0, 1, 2].map((j) => toArray(z).map((row) => row[j] as number))
    for (const c of cols.slice(0, 2)) {
      close(c.reduce((a, b) => a + b, 0) / 3, 0)
      close(Math.sqrt(c.reduce((a, b) => a + b * b, 0) / 3), 1)
    }
    expect(cols[2]).toEqual([0, 0, 0])
  })

  it('applies the training statistics to another split', () => {
    const s = Dataset.fitStandardizer(x)
    const z = Dataset.standardize(s, tensor([[2, 30, 6]]))
    expect(toFlat(z)).toEqual([0, 0, 1])
  })

  it('an empty x gives the identity standardizer', () => {
    const s = Dataset.fitStandardizer(zeros([0, 2]))
    expect(toFlat(s.mean)).toEqual([0, 0])
    expect(toFlat(s.std)).toEqual([1, 1])
  })

  it('standardizeDataset keeps the targets and the pairing', () => {
    const ds = tagged(6)
    const z = Dataset.standardizeDataset(Dataset.fitStandardizer(ds.x), ds)
    expect(z.y).toBe(ds.y)
    expect(Dataset.size(z)).toBe(6)
  })

  it('a dynamic column mismatch throws a ShapeError, like every op on dynamic dims', () => {
    const s = Dataset.fitStandardizer(mat(1, 3 as number, [1, 2, 3]))
    expect(() => Dataset.standardize(s, mat(1, 2 as number, [1, 2]))).toThrow(
      'standardize: standardizer has 3 columns but x has 2',
    )
  })
})

// -------------------------------------------------------------------------------------
// codec round trips
// -------------------------------------------------------------------------------------

describe('datasetCodec', () => {
  const arbDataset = fc
    .record({ n: fc.integer({ min: 1, max: 8 }), f: fc.integer({ min: 0, max: 4 }), t: fc.integer({ min: 1, max: 3 }) })
    .chain(({ n, f, t }) =>
      fc.record({
        n: fc.constant(n),
        f: fc.constant(f),
        t: fc.constant(t),
        xs: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: n * f, maxLength: n * f }),
        ys: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: n * t, maxLength: n * t }),
      }),
    )

  it('round-trips random data sets bit for bit, through values and through JSON text', () => {
    fc.assert(
      fc.property(arbDataset, ({ n, f, t, xs, ys }) => {
        const C = Dataset.datasetCodec(f, t)
        const ds = right(Dataset.dataset(mat(n, f, xs), mat(n, t, ys)))
        expect(C.is(ds)).toBe(true)
        const back = right(Codec.decode(C, C.encode(ds)))
        const text = right(Codec.decodeJson(C, Codec.encodeJson(C, ds)))
        for (const d of [back, text]) {
          expect(d.x.shape).toEqual([n, f])
          expect(d.y.shape).toEqual([n, t])
          expect(Array.from(d.x.data).every((v, i) => Object.is(v, xs[i]))).toBe(true)
          expect(Array.from(d.y.data).every((v, i) => Object.is(v, ys[i]))).toBe(true)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('decodeJsonDataset reads { x, y } nested rows', () => {
    const ds = right(Dataset.decodeJsonDataset('{"x": [[1, 2], [3, 4]], "y": [[0, 1], [1, 0]]}', 2, 2))
    expect(toArray(ds.x)).toEqual([
      [1, 2],
      [3, 4],
    ])
    expect(Dataset.datasetCodec(2, 2).is(ds)).toBe(true)
    expect(Dataset.datasetCodec(2, 3).is(ds)).toBe(false)
    expect(Dataset.datasetCodec(2, 2).is({ x: ds.x, y: ds.y })).toBe(false)
  })

  it('accepts an empty set only when asked', () => {
    expect(left(Dataset.decodeJsonDataset('{"x": [], "y": []}', 2, 1)).message).toContain('data set is empty')
    expect(Dataset.size(right(Dataset.decodeJsonDataset('{"x": [], "y": []}', 2, 1, { allowEmpty: true })))).toBe(0)
  })

  it('every Right has F and T columns and as many y rows as x rows', () => {
    const arbInput = fc.record({
      x: fc.array(fc.array(fc.oneof(fc.double(), fc.constant('1')), { maxLength: 3 }), { maxLength: 4 }),
      y: fc.array(fc.array(fc.integer(), { maxLength: 2 }), { maxLength: 4 }),
    })
    fc.assert(
      fc.property(arbInput, (u) => {
        const r = Dataset.datasetCodec(2, 1).decode(u)
        if (E.isLeft(r)) return
        expect(r.right.x.shape[1]).toBe(2)
        expect(r.right.y.shape[1]).toBe(1)
        expect(r.right.x.shape[0]).toBe(r.right.y.shape[0])
      }),
      { numRuns: 500 },
    )
  })

  it('names the rows on request, and the name changes nothing at run time', () => {
    const text = '{"x": [[1, 2], [3, 4]], "y": [[0, 1], [1, 0]]}'
    const named = right(Dataset.decodeJsonDataset(text, 2, 2, { rows: 'examples' }))
    const plain = right(Dataset.decodeJsonDataset(text, 2, 2))
    expect(toArray(named.x)).toEqual(toArray(plain.x))
    expect(named.x.shape).toEqual([2, 2])
    const bs = right(Dataset.batches(named, 1))
    expect(bs.map((b) => toArray(b.y))).toEqual([[[0, 1]], [[1, 0]]])
  })

  it('rejects a key other than x and y, naming it', () => {
    const r = left(Dataset.decodeJsonDataset('{"x": [[1, 2]], "y": [[1]], "z": 3}', 2, 1))
    expect(r.message).toContain('z: unexpected key: a data set has only x and y')
    expect(left(Dataset.decodeJsonDataset('{"x": [[1, 2]], "y": [[1]], "X": 3}', 2, 1)).message).toContain('X:')
  })
})
