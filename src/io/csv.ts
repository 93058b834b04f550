/**
 * CSV data sets: a header row, then one example per row; the caller names the feature columns and the label
 * column, declares the feature count `F` (checked against the columns) and the target: `classes(k)` or
 * `classes([name, …])` for classification (one-hot targets `[N, k]`) or `regression` (one real target,
 * `[N, 1]`). The row count `N` is dynamic.
 *
 * The parser reads text incrementally, line by line, and writes each number straight into a growing
 * `Float64Array` (one for `x`, one for `y`); it never holds an array of rows nor a second copy of the
 * numbers, so a file larger than the JS heap loads from a stream (`readCsvStream`: a WHATWG `ReadableStream`
 * such as a browser upload's `file.stream()`, or a Node stream) or a path (`readCsvFile` in `tensorial/node`)
 * with memory close to `8·N·(F + T)` bytes, in time linear in the input whatever the chunking. Where the runtime has resizable `ArrayBuffer`s (Node ≥ 20) the
 * buffers grow in place by 1/8 at a time (no copy, little slack) up to 2^32 bytes per tensor; otherwise, or
 * past that, they double and are trimmed once at the end.
 *
 * **Format.** Cells are separated by `delimiter` (default `,`); a cell may be quoted (`"a, b"`, with `""`
 * for a quote) but may not span lines. Lines end in `\n` or `\r\n`; blank lines are skipped; a UTF-8 BOM is
 * ignored. Rows are numbered like the lines of the file, **the header being row 1**, as an editor or a
 * spreadsheet shows them. A numeric cell is a decimal number (`-1.5`, `.5`, `2e-3`, spaces around it
 * allowed); empty cells, `NaN`, `Infinity`, hex and anything else are errors, and so is a number too large
 * for a double (`1e999`).
 *
 * **Labels.** With `classes(k)` a label cell must be an integer in `[0, k)` (`2` and `2.0` are class 2).
 * With `classes(['setosa', 'versicolor', 'virginica'])` it must be one of the names, exactly (after
 * trimming spaces), and its position in the list is its class.
 *
 * **Errors** stop decoding at the first fault and name the row and column:
 * `row 12, column "sepal_width": expected a number, got ""`.
 *
 * @example
 * import { Csv } from 'tensorial'
 * const text = 'a,b,label\n1,2,0\n3,4,1\n'
 * const ds = Csv.decodeCsv(text, { features: 2, label: 'label', target: Csv.classes(2) })
 * // Right(Dataset<2, 2>): x = [[1, 2], [3, 4]], y = [[1, 0], [0, 1]]
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/lib/Either.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'

import { DecodeError, defaultMaxElements } from './codec.js'
import { showValue } from '../internal/show.js'
import type { Dataset } from './dataset.js'
import { dataset } from './dataset.js'
import { make, validDim } from '../internal/make.js'
import { work } from '../internal/work.js'
import type { Dim } from '../core/shape.js'
import type { Tensor } from '../core/tensor.js'

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A column, by its header name or its 0-based index.
 *
 * @category model
 * @since 0.1.0
 */
export type Column = string | number

/**
 * What the label column holds, and so the width `T` of the targets: `classes(k)` / `classes(names)` give
 * one-hot rows of width `k`, `regression` one real value.
 *
 * @category model
 * @since 0.1.0
 */
export interface Target<T extends number> {
  readonly kind: 'classes' | 'regression'
  readonly width: T
  readonly names?: ReadonlyArray<string>
}

/**
 * The feature columns of a spec, checked against the declared count when both are known at compile time.
 *
 * @category model
 * @since 0.1.0
 */
export type CheckColumns<F extends number, C extends ReadonlyArray<Column>> = number extends C['length']
  ? C
  : number extends F
    ? C
    : C['length'] extends F
      ? C
      : `csv: ${C['length']} feature columns listed, but features is ${F}`

/**
 * How to read a CSV file into a `Dataset<F, T>`. Write it inline in the call (or `as const`): a spec stored
 * in a plain `const` object has `features: number`, and the data set type then has a dynamic `F`.
 *
 * @category model
 * @since 0.1.0
 */
export interface CsvSpec<
  F extends number,
  T extends number,
  C extends ReadonlyArray<Column> = ReadonlyArray<Column>,
  R extends string = string,
> {
  /** The declared number of feature columns `F`; the columns found must match it. */
  readonly features: F
  /** The label column, by header name or 0-based index. */
  readonly label: Column
  /** `classes(k)`, `classes(names)` or `regression`. */
  readonly target: Target<T>
  /** The feature columns, in the order of `x`'s columns; default: every column but the label, in file order. */
  readonly featureColumns?: CheckColumns<F, C>
  /** One character, default `,`. */
  readonly delimiter?: string
  /** The largest number of entries of `x` and of `y` each (default 2^26); checked as rows arrive. */
  readonly maxElements?: number
  /** Whether a header with no rows is accepted (default: it is an error). */
  readonly allowEmpty?: boolean
  /** A name for the rows dim: the data set is a `Dataset<F, T, Dim<R>>` (see `dim`). */
  readonly rows?: R
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/**
 * A classification target: `classes(3)` reads labels `0, 1, 2`; `classes(['setosa', 'versicolor',
 * 'virginica'])` reads those names, as classes 0, 1, 2 (the width is the number of names). Targets become
 * one-hot rows: `y_ij = [label_i = j]`.
 *
 * @category constructors
 * @since 0.1.0
 */
export function classes<T extends number>(count: T): Target<T>
export function classes<const N extends ReadonlyArray<string>>(names: N): Target<N['length']>
export function classes(arg: number | ReadonlyArray<string>): Target<number> {
  return typeof arg === 'number'
    ? { kind: 'classes', width: arg }
    : { kind: 'classes', width: arg.length, names: arg.slice() }
}

/**
 * A regression target: the label cell is a real number, and `y` has one column.
 *
 * @category constructors
 * @since 0.1.0
 */
export const regression: Target<1> = { kind: 'regression', width: 1 }

// -------------------------------------------------------------------------------------
// internal: the growing buffer
// -------------------------------------------------------------------------------------

interface ResizableArrayBuffer extends ArrayBuffer {
  resize(byteLength: number): void
}

const Resizable = ArrayBuffer as unknown as new (
  byteLength: number,
  options: { readonly maxByteLength: number },
) => ResizableArrayBuffer

/** Entries held in a plain array before moving to a resizable buffer: small inputs reserve nothing. */
const smallEntries = 1 << 16

/**
 * A growing Float64Array. It starts as a plain array that doubles (copying, at most 512 KiB). Past that, where
 * resizable ArrayBuffers exist, it moves once into one that reserves address space for `max` entries (up to
 * 2^32 bytes) and grows in place by 1/8 at a time: no more copies, little slack, memory committed only as it
 * grows. Otherwise it keeps doubling, and `finish` trims by one more copy.
 */
class Growable {
  data: Float64Array = new Float64Array(0)
  length = 0
  private rab: ResizableArrayBuffer | undefined
  private canResize: boolean
  constructor(readonly max: number) {
    // V8 caps maxByteLength at 2^32 bytes; past that, only copying remains.
    this.canResize = max * 8 <= 2 ** 32
  }
  /** Room for `k` more entries; false when that would pass `max`. */
  reserve(k: number): boolean {
    const need = this.length + k
    if (need <= this.data.length) return true
    if (need > this.max) return false
    const len = this.data.length
    if (this.rab === undefined && this.canResize && need > smallEntries) this.rab = this.resizable()
    if (this.rab !== undefined) {
      const cap = Math.min(this.max, Math.max(need, len + (len >>> 3)))
      const old = this.data
      this.rab.resize(cap * 8)
      this.data = new Float64Array(this.rab, 0, cap)
      if (old.buffer !== this.rab) this.data.set(old.subarray(0, this.length))
    } else {
      const next = new Float64Array(Math.min(this.max, Math.max(need, 2 * len, 1024)))
      next.set(this.data.subarray(0, this.length))
      this.data = next
    }
    return true
  }
  /** The entries, exactly `length` of them; the store must not be used afterwards. */
  finish(): Float64Array {
    if (this.rab !== undefined) {
      this.rab.resize(this.length * 8)
      return new Float64Array(this.rab, 0, this.length)
    }
    return this.data.length === this.length ? this.data : this.data.slice(0, this.length)
  }
  private resizable(): ResizableArrayBuffer | undefined {
    try {
      const rab = new Resizable(0, { maxByteLength: this.max * 8 })
      if (typeof rab.resize === 'function') return rab
    } catch {
      // no resizable buffers here, or no address space: keep copying
    }
    this.canResize = false
    return undefined
  }
}

// -------------------------------------------------------------------------------------
// internal: numbers
// -------------------------------------------------------------------------------------

/** The grammar of a numeric cell. */
const numeric = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/

const pow10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`))

const isDigit = (c: number): boolean => c >= 48 && c <= 57

/** The general path: the grammar by regex, the value by `Number` (correctly rounded). NaN when not numeric. */
const slowNumber = (s: string, i: number, e: number): number => {
  const cell = s.slice(i, e)
  return numeric.test(cell) ? Number(cell) : NaN
}

/**
 * The number in `s[i, e)`, or NaN when the cell is not numeric (±Infinity when it overflows). The common case
 * (at most 15 digits, a power of ten up to 10^22) is computed from the characters without making a string:
 * the digits form an integer `m < 2^53` and `10^k` is exact, so `m · 10^k` or `m / 10^k` is one correctly
 * rounded operation, the same double as `Number(cell)` (Clinger's fast path). Anything else takes the
 * general path, so there is one grammar.
 */
const parseNumber = (s: string, i: number, e: number): number => {
  let k = i
  let end = e
  while (k < end && (s.charCodeAt(k) === 32 || s.charCodeAt(k) === 9)) k++
  while (end > k && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--
  let c = s.charCodeAt(k)
  const neg = c === 45
  if (neg || c === 43) k++
  let m = 0
  let digits = 0
  let exp = 0
  while (k < end && isDigit((c = s.charCodeAt(k)))) {
    m = m * 10 + (c - 48)
    digits++
    k++
  }
  if (k < end && s.charCodeAt(k) === 46) {
    k++
    while (k < end && isDigit((c = s.charCodeAt(k)))) {
      m = m * 10 + (c - 48)
      digits++
      exp--
      k++
    }
  }
  if (digits === 0) return slowNumber(s, i, e)
  if (k < end && ((c = s.charCodeAt(k)) === 101 || c === 69)) {
    k++
    c = s.charCodeAt(k)
    const eneg = c === 45
    if (eneg || c === 43) k++
    let ev = 0
    let edigits = 0
    while (k < end && isDigit((c = s.charCodeAt(k)))) {
      if (ev < 1e6) ev = ev * 10 + (c - 48)
      edigits++
      k++
    }
    if (edigits === 0) return slowNumber(s, i, e)
    exp += eneg ? -ev : ev
  }
  if (k !== end || digits > 15 || exp < -22 || exp > 22) return slowNumber(s, i, e)
  const v = exp >= 0 ? m * (pow10[exp] as number) : m / (pow10[-exp] as number)
  return neg ? -v : v
}

// -------------------------------------------------------------------------------------
// internal: the parser
// -------------------------------------------------------------------------------------

const maxLineLength = 1 << 24

/** The cells of one line, or a description of the fault (an unterminated quote). */
const splitCells = (line: string, delim: string): Array<string> | string => {
  if (line.indexOf('"') < 0) return line.split(delim)
  const out: Array<string> = []
  let i = 0
  for (;;) {
    let j = i
    while (line[j] === ' ' || line[j] === '\t') j++
    if (line[j] !== '"') {
      const d = line.indexOf(delim, i)
      if (d < 0) {
        out.push(line.slice(i))
        return out
      }
      out.push(line.slice(i, d))
      i = d + 1
      continue
    }
    let cell = ''
    j++
    for (;;) {
      const q = line.indexOf('"', j)
      if (q < 0) return `cell ${out.length + 1} has an opening quote but no closing quote`
      cell += line.slice(j, q)
      if (line[q + 1] === '"') {
        cell += '"'
        j = q + 2
        continue
      }
      j = q + 1
      break
    }
    while (line[j] === ' ' || line[j] === '\t') j++
    out.push(cell)
    if (j >= line.length) return out
    if (line[j] !== delim) return `cell ${out.length} has text after its closing quote`
    i = j + 1
  }
}

const quote = (name: string): string => JSON.stringify(name)

const listNames = (names: ReadonlyArray<string>): string =>
  names.length <= 8 ? names.map(quote).join(', ') : `${names.slice(0, 8).map(quote).join(', ')}, …`

/** The role of a column: a feature's position in `x` (≥ 0), the label, or unused. */
const LABEL = -2
const UNUSED = -1

/**
 * An incremental CSV parser writing straight into two growing buffers. Lines without quotes (the common
 * case) are parsed in place, from the characters of the chunk, without splitting them into cell strings.
 */
class Parser {
  fault: string | undefined
  private header: ReadonlyArray<string> | undefined
  private roles: Int32Array = new Int32Array(0)
  private labelIdx = -1
  private row = 0
  private rows = 0
  /** The pieces of the unfinished last line, and their total length. */
  private pending: Array<string> = []
  private pendingLength = 0
  private started = false
  /** The next quote at or after the current line in the current text, Infinity when there is none. */
  private quoteAt = -1
  private readonly delim: string
  private readonly f: number
  private readonly t: number
  private readonly names: Map<string, number> | undefined
  private readonly x: Growable
  private readonly y: Growable

  constructor(private readonly spec: CsvSpec<number, number>) {
    this.delim = spec.delimiter ?? ','
    this.f = spec.features
    this.t = spec.target.width
    const max = spec.maxElements ?? defaultMaxElements
    const names = spec.target.names
    this.names = names === undefined ? undefined : new Map(names.map((n, i) => [n, i]))
    this.fault = this.specFault(max)
    this.x = new Growable(this.fault === undefined ? max : 0)
    this.y = new Growable(this.fault === undefined ? max : 0)
  }

  private specFault(max: number): string | undefined {
    const { spec } = this
    if (!validDim(max)) return `csv: maxElements must be a non-negative integer, got ${showValue(max)}`
    if (typeof this.delim !== 'string' || this.delim.length !== 1 || '"\r\n'.includes(this.delim))
      return `csv: delimiter must be one character other than a quote or a line break, got ${showValue(this.delim)}`
    if (!validDim(this.f)) return `csv: features must be a non-negative integer, got ${showValue(this.f)}`
    const target: unknown = spec.target
    if (typeof target !== 'object' || target === null)
      return `csv: target must be classes(…) or regression, got ${showValue(target)}`
    if (spec.target.kind === 'classes') {
      if (!validDim(this.t) || this.t < 1)
        return `csv: classes must be a positive integer, got ${showValue(spec.target.width)}`
      const names = spec.target.names
      if (names !== undefined) {
        if (names.length !== this.t) return `csv: classes has ${this.t} classes but ${names.length} names`
        if (this.names === undefined || this.names.size !== names.length)
          return `csv: class names must be distinct, got ${listNames(names)}`
      }
    } else if (spec.target.kind !== 'regression' || this.t !== 1)
      return `csv: target must be classes(…) or regression, got ${showValue(spec.target.kind)}`
    return undefined
  }

  /**
   * Feeds text; false once a fault was found (then the rest need not be read). Each character is scanned for a
   * line break once: a line that spans chunks is kept as the list of its pieces, and joined (one copy) when its
   * end arrives, so the work is linear in the input whatever the chunking and the line lengths.
   */
  push(chunk: string): boolean {
    if (this.fault !== undefined) return false
    if (!this.started && chunk.length > 0) {
      this.started = true
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1)
    }
    let nl = chunk.indexOf('\n')
    work.scanned += nl < 0 ? chunk.length : nl + 1
    let start = 0
    if (this.pendingLength > 0) {
      if (nl < 0) return this.keep(chunk)
      this.pending.push(chunk.slice(0, nl))
      const s = this.pending.join('')
      work.copied += s.length
      this.pending = []
      this.pendingLength = 0
      this.quoteAt = -1
      this.line(s, 0, s.length)
      if (this.fault !== undefined) return false
      start = nl + 1
      nl = chunk.indexOf('\n', start)
      work.scanned += (nl < 0 ? chunk.length : nl + 1) - start
    }
    this.quoteAt = -1
    while (nl >= 0) {
      this.line(chunk, start, nl)
      if (this.fault !== undefined) return false
      start = nl + 1
      nl = chunk.indexOf('\n', start)
      work.scanned += (nl < 0 ? chunk.length : nl + 1) - start
    }
    return start === chunk.length || this.keep(start === 0 ? chunk : chunk.slice(start))
  }

  /** Keeps the start of an unfinished line; false (a fault) once the line is longer than the limit. */
  private keep(piece: string): boolean {
    if (piece.length === 0) return true
    work.copied += piece.length
    this.pending.push(piece)
    this.pendingLength += piece.length
    if (this.pendingLength <= maxLineLength) return true
    this.fault = `row ${this.row + 1}: line longer than ${maxLineLength} characters`
    return false
  }

  /** Ends the input: the data set, or the first fault. */
  end(): E.Either<DecodeError, Dataset<number, number>> {
    if (this.fault === undefined && this.pendingLength > 0) {
      const s = this.pending.join('')
      work.copied += s.length
      this.pending = []
      this.pendingLength = 0
      this.quoteAt = -1
      this.line(s, 0, s.length)
    }
    if (this.fault !== undefined) return E.left(new DecodeError([this.fault]))
    if (this.header === undefined) return E.left(new DecodeError(['csv: no header row (the input is empty)']))
    if (this.rows === 0 && this.spec.allowEmpty !== true)
      return E.left(new DecodeError(['csv: data set is empty (a header but no rows)']))
    const x = make([this.rows, this.f] as const, this.x.finish()) as Tensor<readonly [number, number]>
    const y = make([this.rows, this.t] as const, this.y.finish()) as Tensor<readonly [number, number]>
    return E.mapLeft((e: Error) => new DecodeError([e.message]))(dataset(x, y))
  }

  /** The line `s[start, end)` (without its `\n`). */
  private line(s: string, start: number, end: number): void {
    this.row++
    if (end > start && s.charCodeAt(end - 1) === 13) end--
    if (end === start) return
    if (s.charCodeAt(start) <= 32 && s.slice(start, end).trim() === '') return
    if (this.quoteAt >= 0 && this.quoteAt < start) this.quoteAt = -1
    if (this.quoteAt < 0) {
      const q = s.indexOf('"', start)
      work.scanned += (q < 0 ? s.length : q + 1) - start
      this.quoteAt = q < 0 ? Infinity : q
    }
    if (this.header !== undefined && this.quoteAt >= end) {
      this.fastRow(s, start, end)
      return
    }
    const cells = splitCells(s.slice(start, end), this.delim)
    if (typeof cells === 'string') this.fault = `row ${this.row}: ${cells}`
    else if (this.header === undefined) this.setHeader(cells.map((c) => c.trim()))
    else this.cellsRow(cells)
  }

  private resolve(col: Column, header: ReadonlyArray<string>, what: string): number | string {
    if (typeof col === 'number') {
      if (Number.isInteger(col) && col >= 0 && col < header.length) return col
      return `${what}: column index ${showValue(col)} is out of range: the header has ${header.length} columns`
    }
    if (typeof col !== 'string') return `${what}: expected a column name or index, got ${showValue(col)}`
    const i = header.indexOf(col)
    if (i < 0) return `${what}: column ${quote(col)} is not in the header (${listNames(header)})`
    if (header.indexOf(col, i + 1) >= 0) return `${what}: column ${quote(col)} appears twice in the header`
    return i
  }

  private setHeader(header: ReadonlyArray<string>): void {
    this.header = header
    const label = this.resolve(this.spec.label, header, 'label')
    if (typeof label === 'string') {
      this.fault = label
      return
    }
    this.labelIdx = label
    const listed = this.spec.featureColumns as ReadonlyArray<Column> | undefined
    const cols: Array<number> = []
    if (listed === undefined) {
      for (let i = 0; i < header.length; i++) if (i !== label) cols.push(i)
      if (cols.length !== this.f) {
        this.fault = `csv: expected ${this.f} feature columns (features: ${this.f}), found ${cols.length} besides the label: ${listNames(cols.map((i) => header[i] as string))}`
        return
      }
    } else {
      if (!Array.isArray(listed)) {
        this.fault = `featureColumns: expected an array of columns, got ${showValue(listed)}`
        return
      }
      if (listed.length !== this.f) {
        this.fault = `featureColumns: lists ${listed.length} columns, but features is ${this.f}`
        return
      }
      for (const c of listed) {
        const i = this.resolve(c, header, 'featureColumns')
        if (typeof i === 'string') {
          this.fault = i
          return
        }
        if (i === label) {
          this.fault = `featureColumns: column ${quote(header[i] as string)} is also the label`
          return
        }
        if (cols.includes(i)) {
          this.fault = `featureColumns: column ${quote(header[i] as string)} is listed twice`
          return
        }
        cols.push(i)
      }
    }
    this.roles = new Int32Array(header.length).fill(UNUSED)
    cols.forEach((c, j) => (this.roles[c] = j))
    this.roles[label] = LABEL
  }

  private cellFault(col: number, cell: string): string {
    const want = numeric.test(cell) ? 'a finite number' : 'a number'
    return `row ${this.row}, column ${quote((this.header as ReadonlyArray<string>)[col] as string)}: expected ${want}, got ${showValue(cell)}`
  }

  /** Writes the label of the current row from the cell `s[i, e)`; false on a fault. */
  private label(s: string, i: number, e: number): boolean {
    const { y, t } = this
    const ys = y.data
    if (this.spec.target.kind === 'regression') {
      const v = parseNumber(s, i, e)
      if (!Number.isFinite(v)) {
        this.fault = this.cellFault(this.labelIdx, s.slice(i, e))
        return false
      }
      ys[y.length] = v
      return true
    }
    let k: number
    if (this.names !== undefined) {
      k = this.names.get(s.slice(i, e).trim()) ?? -1
      if (k < 0) {
        this.fault = `row ${this.row}, column ${quote((this.header as ReadonlyArray<string>)[this.labelIdx] as string)}: expected one of ${listNames([...this.names.keys()])}, got ${showValue(s.slice(i, e))}`
        return false
      }
    } else {
      k = parseNumber(s, i, e)
      if (!Number.isInteger(k) || k < 0 || k >= t) {
        this.fault = `row ${this.row}, column ${quote((this.header as ReadonlyArray<string>)[this.labelIdx] as string)}: expected a class, an integer in [0, ${t}), got ${showValue(s.slice(i, e))}`
        return false
      }
    }
    ys.fill(0, y.length, y.length + t)
    ys[y.length + k] = 1
    return true
  }

  private reserve(): boolean {
    if (this.x.reserve(this.f) && this.y.reserve(this.t)) return true
    this.fault = `row ${this.row}: the data set passes the limit of ${this.x.max} entries per tensor (maxElements)`
    return false
  }

  private commit(): void {
    this.x.length += this.f
    this.y.length += this.t
    this.rows++
  }

  /** A data row without quotes, parsed in place from `s[start, end)`. */
  private fastRow(s: string, start: number, end: number): void {
    if (!this.reserve()) return
    const { roles, delim } = this
    const ncols = roles.length
    const xs = this.x.data
    const xo = this.x.length
    let col = 0
    let i = start
    let bad = -1
    let badStart = 0
    let badEnd = 0
    let labelStart = 0
    let labelEnd = 0
    const dc = delim.charCodeAt(0)
    for (;;) {
      // The last cell is searched up to the end of the line only: a search running on past it would scan the
      // rest of the text for every row of a one-column file, which is quadratic.
      let e = i
      if (col + 1 < ncols) {
        e = s.indexOf(delim, i)
        if (e < 0 || e > end) e = end
      } else while (e < end && s.charCodeAt(e) !== dc) e++
      work.scanned += e - i + 1
      if (col < ncols) {
        const r = roles[col] as number
        if (r >= 0) {
          const v = parseNumber(s, i, e)
          if (Number.isFinite(v)) xs[xo + r] = v
          else if (bad < 0) {
            bad = col
            badStart = i
            badEnd = e
          }
        } else if (r === LABEL) {
          labelStart = i
          labelEnd = e
        }
      }
      col++
      if (e === end) break
      i = e + 1
    }
    if (col !== ncols) this.fault = `row ${this.row}: expected ${ncols} cells, got ${col}`
    else if (bad >= 0) this.fault = this.cellFault(bad, s.slice(badStart, badEnd))
    else if (this.label(s, labelStart, labelEnd)) this.commit()
  }

  /** A data row already split into cells (a line with quotes). */
  private cellsRow(cells: ReadonlyArray<string>): void {
    const { roles } = this
    if (cells.length !== roles.length) {
      this.fault = `row ${this.row}: expected ${roles.length} cells, got ${cells.length}`
      return
    }
    if (!this.reserve()) return
    const xs = this.x.data
    const xo = this.x.length
    for (let col = 0; col < cells.length; col++) {
      const r = roles[col] as number
      const cell = cells[col] as string
      if (r >= 0) {
        const v = parseNumber(cell, 0, cell.length)
        if (!Number.isFinite(v)) {
          this.fault = this.cellFault(col, cell)
          return
        }
        xs[xo + r] = v
      }
    }
    const cell = cells[this.labelIdx] as string
    if (this.label(cell, 0, cell.length)) this.commit()
  }
}

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

/**
 * Decodes CSV text into a data set (see the module doc for the format). Total: every fault is a `Left`.
 *
 * @example
 * import * as E from 'fp-ts/lib/Either.js'
 * const r = decodeCsv('a,b,y\n1,,0\n', { features: 2, label: 'y', target: classes(2) })
 * assert.deepStrictEqual(E.isLeft(r) && r.left.messages, ['row 2, column "b": expected a number, got ""'])
 *
 * @category decoding
 * @since 0.1.0
 */
export const decodeCsv = <
  F extends number,
  T extends number,
  const C extends ReadonlyArray<Column>,
  const R extends string = never,
>(
  text: string,
  spec: CsvSpec<F, T, C, R>,
): E.Either<DecodeError, Dataset<F, T, Dim<R>>> => {
  try {
    const p = new Parser(spec as unknown as CsvSpec<number, number>)
    p.push(text)
    return p.end() as E.Either<DecodeError, Dataset<F, T, Dim<R>>>
  } catch (e) {
    return E.left(new DecodeError([`csv: ${e instanceof Error ? e.message : String(e)}`]))
  }
}

/**
 * A WHATWG `ReadableStream` (a `fetch` body, `Blob.stream()`, a `File` from an upload, Node's `stream/web`), as
 * far as `readCsvStream` uses it. Declared structurally, so the types need neither the DOM library nor Node's.
 *
 * @category model
 * @since 0.2.0
 */
export interface ReadableStreamLike {
  /** A reader of the stream's chunks. */
  getReader(): {
    /** The next chunk, or `done`. */
    read(): PromiseLike<{ readonly done: boolean; readonly value?: unknown }>
    /** Cancels the stream (when reading stops early). */
    cancel(reason?: unknown): PromiseLike<void>
    /** Releases the reader's lock on the stream. */
    releaseLock(): void
  }
}

/**
 * What `readCsvStream` reads: a WHATWG `ReadableStream`, or any async iterable (a Node `Readable`, an async
 * generator), of `string` or `Uint8Array` chunks.
 *
 * @category model
 * @since 0.2.0
 */
export type CsvSource = ReadableStreamLike | AsyncIterable<unknown>

/**
 * Reads CSV from a stream of text or bytes, line by line, without holding the text: a WHATWG `ReadableStream`
 * (in a browser, `file.stream()` of an upload or a `fetch` response body) or any async iterable (a Node
 * `Readable`). Bytes are decoded as UTF-8 by a streaming `TextDecoder`, a character split across chunks
 * included. The time is linear in the input for any chunking and any line length. On the first fault it stops
 * reading (the stream is cancelled, a Node stream destroyed). The task never rejects: a failing stream is a
 * `Left` too. A stream can be read once, so run the task once. Runs in browsers and Node; to read a file by
 * path, see `readCsvFile` in `tensorial/node`.
 *
 * @example
 * import { Csv } from 'tensorial'
 * // in a page: <input type="file"> gives a File
 * // const r = await Csv.readCsvStream(file.stream(), { features: 4, label: 'y', target: Csv.classes(3) })()
 *
 * @category decoding
 * @since 0.1.0
 */
export const readCsvStream =
  <F extends number, T extends number, const C extends ReadonlyArray<Column>, const R extends string = never>(
    stream: CsvSource,
    spec: CsvSpec<F, T, C, R>,
  ): TaskEither<DecodeError, Dataset<F, T, Dim<R>>> =>
  () =>
    parseSource(stream, spec as unknown as CsvSpec<number, number>) as Promise<
      E.Either<DecodeError, Dataset<F, T, Dim<R>>>
    >

const hasReader = (u: unknown): u is ReadableStreamLike =>
  typeof u === 'object' && u !== null && typeof (u as { getReader?: unknown }).getReader === 'function'

/** The chunks of a source, as an async iterable; a WHATWG stream is cancelled when the loop stops early. */
async function* chunksOf(source: CsvSource): AsyncGenerator<unknown, void, undefined> {
  if (!hasReader(source)) {
    yield* source
    return
  }
  const reader = source.getReader()
  let done = false
  try {
    for (;;) {
      const r = await reader.read()
      if (r.done) {
        done = true
        return
      }
      yield r.value
    }
  } finally {
    if (!done) await reader.cancel().then(undefined, () => undefined)
    reader.releaseLock()
  }
}

const readFault = (e: unknown): DecodeError =>
  new DecodeError([`cannot read stream: ${e instanceof Error ? e.message : String(e)}`])

/** Parses a source of text or byte chunks; a failure of the source itself is a `Left` too. */
const parseSource = async (
  source: CsvSource,
  spec: CsvSpec<number, number>,
): Promise<E.Either<DecodeError, Dataset<number, number>>> => {
  let p: Parser
  try {
    p = new Parser(spec)
  } catch (e) {
    return E.left(new DecodeError([`csv: ${e instanceof Error ? e.message : String(e)}`]))
  }
  if (p.fault !== undefined) return p.end()
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })
  let bytes = false
  try {
    for await (const chunk of chunksOf(source)) {
      let text: string
      if (typeof chunk === 'string') {
        text = bytes ? utf8.decode() + chunk : chunk
        bytes = false
      } else if (chunk instanceof Uint8Array) {
        text = utf8.decode(chunk, { stream: true })
        bytes = true
      } else return E.left(readFault(new TypeError('a chunk is not text or bytes')))
      if (!p.push(text)) break
    }
    if (bytes) p.push(utf8.decode())
  } catch (e) {
    return E.left(readFault(e))
  }
  try {
    return p.end()
  } catch (e) {
    return E.left(new DecodeError([`csv: ${e instanceof Error ? e.message : String(e)}`]))
  }
}
