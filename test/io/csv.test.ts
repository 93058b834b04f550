import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'

import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { type Codec, Csv, Dataset, toArray } from 'tensorial'

// -------------------------------------------------------------------------------------
// helpers
// -------------------------------------------------------------------------------------

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url))

const right = <A>(r: E.Either<Codec.DecodeError, A>): A =>
  E.isRight(r) ? r.right : expect.fail(`expected a Right, got: ${r.left.messages.join(' | ')}`)

const messageOf = <A>(r: E.Either<Codec.DecodeError, A>): string =>
  E.isLeft(r) ? r.left.messages.join('\n') : expect.fail('expected a Left, got a Right')

const irisSpec = {
  features: 4,
  label: 'species',
  target: Csv.classes(['setosa', 'versicolor', 'virginica']),
} as const

/** An async iterable yielding `parts` one by one, counting how many were pulled. */
const chunked = <A>(parts: ReadonlyArray<A>) => {
  const state = { pulled: 0, closed: false }
  async function* gen() {
    try {
      for (const p of parts) {
        state.pulled++
        yield p
      }
    } finally {
      state.closed = true
    }
  }
  return { stream: gen(), state }
}

const cut = (s: string, at: ReadonlyArray<number>): Array<string> => {
  const points = [...new Set(at.map((i) => i % (s.length + 1)))].sort((a, b) => a - b)
  const out: Array<string> = []
  let prev = 0
  for (const p of points) {
    out.push(s.slice(prev, p))
    prev = p
  }
  out.push(s.slice(prev))
  return out
}

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

describe('decodeCsv', () => {
  const iris = readFileSync(fixture('iris-sample.csv'), 'utf8')

  it('reads the iris sample: named classes become one-hot rows', () => {
    const ds = right(Csv.decodeCsv(iris, irisSpec))
    expect(Dataset.size(ds)).toBe(15)
    expect(ds.x.shape).toEqual([15, 4])
    expect(ds.y.shape).toEqual([15, 3])
    expect(toArray(ds.x)[0]).toEqual([5.1, 3.5, 1.4, 0.2])
    expect(toArray(ds.y)[0]).toEqual([1, 0, 0])
    expect(toArray(ds.y)[5]).toEqual([0, 1, 0])
    expect(toArray(ds.y)[14]).toEqual([0, 0, 1])
    expect(toArray(ds.x)[14]).toEqual([6.5, 3.0, 5.8, 2.2])
  })

  it('a rows name is a type-level name only: the same data set as without it', () => {
    const named = right(Csv.decodeCsv(iris, { ...irisSpec, rows: 'examples' }))
    const plain = right(Csv.decodeCsv(iris, irisSpec))
    expect(toArray(named.x)).toEqual(toArray(plain.x))
    expect(toArray(named.y)).toEqual(toArray(plain.y))
  })

  it('chooses and orders feature columns by name or index; the label by index', () => {
    const ds = right(Csv.decodeCsv(iris, { ...irisSpec, features: 2, featureColumns: ['petal_width', 0], label: 4 }))
    expect(toArray(ds.x)[0]).toEqual([0.2, 5.1])
  })

  it('reads integer class labels and regression targets', () => {
    const cls = right(Csv.decodeCsv('a,y\n1,2\n2,0.0\n3,+1\n', { features: 1, label: 'y', target: Csv.classes(3) }))
    expect(toArray(cls.y)).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
    ])
    const reg = right(Csv.decodeCsv('y,a\n-0.5,1\n2e3,.5\n', { features: 1, label: 'y', target: Csv.regression }))
    expect(toArray(reg.x)).toEqual([[1], [0.5]])
    expect(toArray(reg.y)).toEqual([[-0.5], [2000]])
  })

  it('handles a delimiter, CRLF, blank lines, quotes and spaces (regression fixture)', () => {
    const text = readFileSync(fixture('regression-semicolon.csv'), 'utf8')
    const ds = right(
      Csv.decodeCsv(text, { features: 2, label: 'target, in m', target: Csv.regression, delimiter: ';' }),
    )
    expect(toArray(ds.x)).toEqual([
      [1.5, -2],
      [3, 0.4],
    ])
    expect(toArray(ds.y)).toEqual([[0.25], [-1.5]])
  })

  it('ignores a BOM and a missing final newline; quoted cells may hold the delimiter and quotes', () => {
    const ds = right(
      Csv.decodeCsv('\ufeffa,"b ""x"", c",y\n1,2,"n, o"\n3,4,"m"', {
        features: 2,
        label: 'y',
        target: Csv.classes(['m', 'n, o']),
      }),
    )
    expect(toArray(ds.x)).toEqual([
      [1, 2],
      [3, 4],
    ])
    expect(toArray(ds.y)).toEqual([
      [0, 1],
      [1, 0],
    ])
  })

  it('keeps -0 and extreme doubles exactly', () => {
    const ds = right(
      Csv.decodeCsv('a,b,y\n-0,5e-324,0\n1.7976931348623157e308,-2.2250738585072014e-308,0\n', {
        features: 2,
        label: 'y',
        target: Csv.classes(1),
      }),
    )
    const xs = Array.from(ds.x.data)
    expect(Object.is(xs[0], -0)).toBe(true)
    expect(xs.slice(1)).toEqual([5e-324, Number.MAX_VALUE, -2.2250738585072014e-308])
  })

  it('reads every numeric cell as Number() does, and rejects what the grammar rejects', () => {
    const grammar = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/
    const digits = (max: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { maxLength: max }).map((d) => d.join(''))
    const arbCell = fc.oneof(
      fc.double({ noNaN: true }).map(String),
      fc
        .tuple(
          fc.constantFrom('', '+', '-', ' ', '\t-'),
          digits(20),
          fc.option(digits(20).map((d) => `.${d}`)),
          fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(4))),
          fc.constantFrom('', ' ', '\u00a0', 'x'),
        )
        .map(([sign, int, frac, exp, tail]) => `${sign}${int}${frac ?? ''}${exp === null ? '' : exp.join('')}${tail}`),
      fc.string({ maxLength: 6 }).filter((c) => !/[",\r\n]/.test(c)),
    )
    fc.assert(
      fc.property(arbCell, (cell) => {
        const r = Csv.decodeCsv(`a,y\n${cell},0\n`, { features: 1, label: 'y', target: Csv.classes(1) })
        const want = grammar.test(cell) ? Number(cell) : NaN
        if (Number.isFinite(want)) expect(Object.is(right(r).x.data[0], want)).toBe(true)
        else expect(messageOf(r)).toContain('column "a": expected a')
      }),
      { numRuns: 1500 },
    )
  })

  it('grows its buffers over many rows, in place or by copying, with the same result', () => {
    const n = 50_000
    const lines = ['a,b,c,y']
    for (let i = 0; i < n; i++) lines.push(`${i},${i / 4},${-i},${i % 3}`)
    const text = lines.join('\n')
    const spec = { features: 3, label: 'y', target: Csv.classes(3) } as const
    const inPlace = right(Csv.decodeCsv(text, spec))
    // 2^30 entries need more than the 2^32 bytes a resizable buffer may reserve: the copying path is used
    const copying = right(Csv.decodeCsv(text, { ...spec, maxElements: 2 ** 30 }))
    for (const ds of [inPlace, copying]) {
      expect(ds.x.shape).toEqual([n, 3])
      expect(ds.x.data.length).toBe(3 * n)
      expect(ds.x.data[3 * (n - 1) + 1]).toBe((n - 1) / 4)
      expect(ds.y.data[3 * (n - 1) + ((n - 1) % 3)]).toBe(1)
    }
    expect(Array.from(copying.x.data)).toEqual(Array.from(inPlace.x.data))
    const resizable = (d: unknown) => ((d as Float64Array).buffer as { readonly resizable?: boolean }).resizable
    expect(resizable(inPlace.x.data)).toBe(true)
    expect(resizable(copying.x.data)).toBe(false)
  })
})

// -------------------------------------------------------------------------------------
// streams and files
// -------------------------------------------------------------------------------------

describe('readCsvStream', () => {
  const text = 'größe,ø,klasse\n1.5,2,café\n\n3,4.25,thé\r\n5,6,café'
  const spec = { features: 2, label: 'klasse', target: Csv.classes(['café', 'thé']) } as const
  const whole = right(Csv.decodeCsv(text, spec))

  it('gives the same data set for any split of the text into string chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (at) => {
        const ds = right(await Csv.readCsvStream(chunked(cut(text, at)).stream, spec)())
        expect(toArray(ds.x)).toEqual(toArray(whole.x))
        expect(toArray(ds.y)).toEqual(toArray(whole.y))
      }),
      { numRuns: 100 },
    )
  })

  it('gives the same data set for any split of the UTF-8 bytes, inside a character too', async () => {
    const bytes = Buffer.from(text, 'utf8')
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), async (at) => {
        const points = [...new Set(at.map((i) => i % (bytes.length + 1)))].sort((a, b) => a - b)
        const parts: Array<Uint8Array> = []
        let prev = 0
        for (const p of [...points, bytes.length]) {
          parts.push(bytes.subarray(prev, p))
          prev = p
        }
        const ds = right(await Csv.readCsvStream(Readable.from(parts), spec)())
        expect(toArray(ds.x)).toEqual(toArray(whole.x))
        expect(toArray(ds.y)).toEqual(toArray(whole.y))
      }),
      { numRuns: 100 },
    )
  })

  it('reads a WHATWG ReadableStream of bytes or text, split anywhere', async () => {
    const bytes = new TextEncoder().encode(text)
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), async (at, asText) => {
        const points = [...new Set(at.map((i) => i % (bytes.length + 1)))].sort((a, b) => a - b)
        const parts: Array<Uint8Array | string> = asText ? cut(text, at) : []
        let prev = 0
        if (!asText)
          for (const p of [...points, bytes.length]) {
            parts.push(bytes.subarray(prev, p))
            prev = p
          }
        const web = new ReadableStream<Uint8Array | string>({
          start(controller) {
            for (const p of parts) controller.enqueue(p)
            controller.close()
          },
        })
        const ds = right(await Csv.readCsvStream(web, spec)())
        expect(toArray(ds.x)).toEqual(toArray(whole.x))
        expect(toArray(ds.y)).toEqual(toArray(whole.y))
      }),
      { numRuns: 100 },
    )
  })

  it('cancels a WHATWG stream at the first fault, and a failing one is a Left', async () => {
    const state = { pulled: 0, cancelled: false }
    const parts = ['a,y\n', '1,0\n', 'x,0\n', '2,0\n', '3,0\n']
    const web = new ReadableStream<string>(
      {
        pull(controller) {
          const p = parts[state.pulled++]
          if (p === undefined) controller.close()
          else controller.enqueue(p)
        },
        cancel() {
          state.cancelled = true
        },
      },
      { highWaterMark: 0 },
    )
    const spec1 = { features: 1, label: 'y', target: Csv.classes(1) } as const
    expect(messageOf(await Csv.readCsvStream(web, spec1)())).toBe('row 3, column "a": expected a number, got "x"')
    expect(state.pulled).toBe(3)
    expect(state.cancelled).toBe(true)
    const failing = new ReadableStream<string>({
      start(controller) {
        controller.enqueue('a,y\n1,0\n')
        controller.error(new Error('connection reset'))
      },
    })
    expect(messageOf(await Csv.readCsvStream(failing, spec1)())).toBe('cannot read stream: connection reset')
  })

  it('a failing stream is a Left, never a rejection', async () => {
    async function* failing() {
      yield 'a,y\n1,0\n'
      throw new Error('disk on fire')
    }
    expect(messageOf(await Csv.readCsvStream(failing(), { features: 1, label: 'y', target: Csv.classes(1) })())).toBe(
      'cannot read stream: disk on fire',
    )
    const objects = chunked([{ not: 'text' }])
    expect(messageOf(await Csv.readCsvStream(objects.stream, irisSpec)())).toContain('a chunk is not text or bytes')
  })

  it('stops reading at the first fault', async () => {
    const parts = ['a,y\n', '1,0\n', 'x,0\n', '2,0\n', '3,0\n', '4,0\n']
    const { stream, state } = chunked(parts)
    const msg = messageOf(await Csv.readCsvStream(stream, { features: 1, label: 'y', target: Csv.classes(1) })())
    expect(msg).toBe('row 3, column "a": expected a number, got "x"')
    expect(state.pulled).toBe(3)
    expect(state.closed).toBe(true)
  })
})

// -------------------------------------------------------------------------------------
// the bad-input corpus
// -------------------------------------------------------------------------------------

type Spec = Csv.CsvSpec<number, number>
const ab: Spec = { features: 2, label: 'y', target: Csv.classes(3) }
const reg: Spec = { features: 2, label: 'y', target: Csv.regression }
const named: Spec = { features: 2, label: 'y', target: Csv.classes(['setosa', 'versicolor', 'virginica']) }
const H = 'a,b,y\n'

const twelve = ['sepal_length,sepal_width,species', ...Array.from({ length: 10 }, () => '5.1,3.5,0'), '4.9,,0'].join(
  '\n',
)

/** [what, CSV text, spec, substring the message must contain]. */
const corpus: ReadonlyArray<readonly [string, string, Spec, string]> = [
  ['empty input', '', ab, 'csv: no header row (the input is empty)'],
  ['only blank lines', '\n\r\n  \n', ab, 'no header row'],
  ['a header and no rows', H, ab, 'csv: data set is empty (a header but no rows)'],
  ['a missing cell', `${H}1,2\n`, ab, 'row 2: expected 3 cells, got 2'],
  ['an extra cell', `${H}1,2,0,4\n`, ab, 'row 2: expected 3 cells, got 4'],
  ['an empty cell', `${H}1,,0\n`, ab, 'row 2, column "b": expected a number, got ""'],
  [
    'the brief example: row 12',
    twelve,
    { features: 2, label: 'species', target: Csv.classes(1) },
    'row 12, column "sepal_width": expected a number, got ""',
  ],
  ['NaN', `${H}NaN,1,0\n`, ab, 'row 2, column "a": expected a number, got "NaN"'],
  ['Infinity', `${H}1,Infinity,0\n`, ab, 'row 2, column "b": expected a number, got "Infinity"'],
  [
    'a number too large for a double',
    `${H}1e999,1,0\n`,
    ab,
    'row 2, column "a": expected a finite number, got "1e999"',
  ],
  ['hex', `${H}0x10,1,0\n`, ab, 'column "a": expected a number, got "0x10"'],
  ['a decimal comma', 'a;b;y\n1,5;2;0\n', { ...ab, delimiter: ';' }, 'column "a": expected a number, got "1,5"'],
  ['spaces only', `${H} ,1,0\n`, ab, 'column "a": expected a number, got " "'],
  ['trailing garbage', `${H}12abc,1,0\n`, ab, 'column "a": expected a number, got "12abc"'],
  ['two numbers in a cell', `${H}1 2,1,0\n`, ab, 'column "a": expected a number, got "1 2"'],
  ['a label out of range', `${H}1,2,3\n`, ab, 'row 2, column "y": expected a class, an integer in [0, 3), got "3"'],
  ['a fractional label', `${H}1,2,1.5\n`, ab, 'expected a class, an integer in [0, 3), got "1.5"'],
  ['a negative label', `${H}1,2,-1\n`, ab, 'expected a class, an integer in [0, 3), got "-1"'],
  ['an empty label', `${H}1,2,\n`, ab, 'row 2, column "y": expected a class, an integer in [0, 3), got ""'],
  [
    'an unknown class name',
    `${H}1,2,Setosa\n`,
    named,
    'column "y": expected one of "setosa", "versicolor", "virginica", got "Setosa"',
  ],
  ['a non-numeric regression target', `${H}1,2,abc\n`, reg, 'row 2, column "y": expected a number, got "abc"'],
  [
    'the label column is not in the header',
    'a,b,c\n1,2,3\n',
    ab,
    'label: column "y" is not in the header ("a", "b", "c")',
  ],
  [
    'a feature column is not in the header',
    `${H}1,2,0\n`,
    { ...ab, featureColumns: ['a', 'c'] },
    'featureColumns: column "c" is not in the header',
  ],
  [
    'more columns than declared features',
    'a,b,c,y\n1,2,3,0\n',
    ab,
    'csv: expected 2 feature columns (features: 2), found 3 besides the label: "a", "b", "c"',
  ],
  [
    'fewer columns than declared features',
    'a,y\n1,0\n',
    ab,
    'expected 2 feature columns (features: 2), found 1 besides the label',
  ],
  [
    'a feature list of the wrong length',
    `${H}1,2,0\n`,
    { ...ab, featureColumns: ['a'] } as Spec,
    'featureColumns: lists 1 columns, but features is 2',
  ],
  [
    'the label listed as a feature',
    `${H}1,2,0\n`,
    { ...ab, featureColumns: ['a', 'y'] },
    'featureColumns: column "y" is also the label',
  ],
  [
    'a feature listed twice',
    `${H}1,2,0\n`,
    { ...ab, featureColumns: ['a', 0] },
    'featureColumns: column "a" is listed twice',
  ],
  [
    'a label index out of range',
    `${H}1,2,0\n`,
    { ...ab, label: 9 },
    'label: column index 9 is out of range: the header has 3 columns',
  ],
  [
    'an ambiguous column name',
    'a,a,y\n1,2,0\n',
    { ...ab, featureColumns: ['a', 'b'] },
    'featureColumns: column "a" appears twice in the header',
  ],
  ['an unterminated quote', `${H}"1,2,0\n`, ab, 'row 2: cell 1 has an opening quote but no closing quote'],
  ['text after a closing quote', `${H}"1"x,2,0\n`, ab, 'row 2: cell 1 has text after its closing quote'],
  ['zero classes', `${H}1,2,0\n`, { ...ab, target: Csv.classes(0) }, 'csv: classes must be a positive integer, got 0'],
  [
    'duplicate class names',
    `${H}1,2,a\n`,
    { ...ab, target: Csv.classes(['a', 'a']) },
    'csv: class names must be distinct',
  ],
  ['a two-character delimiter', `${H}1,2,0\n`, { ...ab, delimiter: ',,' }, 'csv: delimiter must be one character'],
  [
    'a negative feature count',
    `${H}1,2,0\n`,
    { ...ab, features: -2 },
    'csv: features must be a non-negative integer, got -2',
  ],
  [
    'too many entries',
    `${H}1,2,0\n3,4,0\n5,6,0\n`,
    { ...reg, maxElements: 4 },
    'row 4: the data set passes the limit of 4 entries per tensor (maxElements)',
  ],
  ['rows counted with blank lines', `${H}1,2,0\n\n1,x,0\n`, ab, 'row 4, column "b": expected a number, got "x"'],
]

describe('bad-input corpus (CSV)', () => {
  it('has at least 35 cases', () => expect(corpus.length).toBeGreaterThanOrEqual(35))

  it.each(corpus)('%s is rejected, and the message names what and where', async (_, text, spec, want) => {
    expect(messageOf(Csv.decodeCsv(text, spec))).toContain(want)
    // the streaming reader agrees, line by line in one-character chunks
    const stream = chunked(text.split(''))
    expect(messageOf(await Csv.readCsvStream(stream.stream, spec)())).toContain(want)
  })
})
