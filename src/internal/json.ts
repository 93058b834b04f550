/**
 * A strict JSON reader: the values of `JSON.parse` (same numbers, `-0` included, same strings), but it also
 * sees what `JSON.parse` silently accepts. A duplicate key (`{"W": …, "W": …}`, where `JSON.parse` keeps the
 * last) and a forbidden key (`__proto__`, and whatever the caller adds) are faults naming the JSON path:
 * `layers[1].params: duplicate key "W"`. One pass over the text with an explicit stack: linear time, no
 * recursion (nesting depth cannot overflow the call stack), and it never throws.
 * @internal
 * @since 0.2.0
 */
import { quote } from './show.js'

/**
 * The outcome of `readJson`: the value, or a fault in words with its JSON path.
 * @internal
 */
export type JsonResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string }

/**
 * Options of `readJson`: the keys refused anywhere in the text (`__proto__` always is).
 * @internal
 */
export interface JsonOptions {
  readonly forbidden?: ReadonlyArray<string>
}

const identifier = /^[A-Za-z_$][\w$]*$/

/**
 * A JSON path as code would write it, `layers[1].W.shape`; `(root)` for the empty path. Keys that are not
 * identifiers are quoted and cut (`["a b"]`), and a path deeper than 16 shows its first 8 and last 4 steps,
 * so a path stays short whatever the data.
 * @internal
 */
export const showPath = (keys: ReadonlyArray<string | number>): string => {
  if (keys.length > 16)
    return `${showPath(keys.slice(0, 8))}…(${keys.length - 12} levels)…${showPath(['x', ...keys.slice(-4)]).slice(1)}`
  let path = ''
  for (const k of keys) {
    if (typeof k === 'number') path += `[${k}]`
    else if (identifier.test(k) && k.length <= 80) path += path === '' ? k : `.${k}`
    else path += `[${quote(k)}]`
  }
  return path === '' ? '(root)' : path
}

/** A fault found while reading; caught in `readJson`, never seen outside. */
class Fault {
  constructor(readonly message: string) {}
}

interface Frame {
  readonly array: Array<unknown> | undefined
  readonly object: Record<string, unknown> | undefined
  /** The key whose value is being read; `undefined` while the key itself is read. */
  key: string | undefined
}

// Character codes.
const Tab = 9
const Newline = 10
const Return = 13
const Space = 32
const Quote = 34
const Plus = 43
const Comma = 44
const Minus = 45
const Dot = 46
const Zero = 48
const Nine = 57
const Colon = 58
const UpperE = 69
const LeftBracket = 91
const Backslash = 92
const RightBracket = 93
const LowerE = 101
const LeftBrace = 123
const RightBrace = 125

const isDigit = (c: number): boolean => c >= Zero && c <= Nine

/**
 * Reads JSON text strictly (see the module doc). Syntax faults say where:
 * `invalid JSON: layers[0].kind: expected a value, got "}" (line 3, column 7)`.
 * @internal
 */
export const readJson = (text: string, options: JsonOptions = {}): JsonResult => {
  const forbidden = new Set(['__proto__', ...(options.forbidden ?? [])])
  const n = text.length
  const stack: Array<Frame> = []
  let i = 0

  const path = (depth: number): string => {
    const keys: Array<string | number> = []
    for (let d = 0; d < depth; d++) {
      const f = stack[d] as Frame
      if (f.array !== undefined) keys.push(f.array.length)
      else if (f.key !== undefined) keys.push(f.key)
      else break
    }
    return showPath(keys)
  }

  const where = (): string => {
    let line = 1
    let lineStart = 0
    for (let k = 0; k < i && k < n; k++)
      if (text.charCodeAt(k) === Newline) {
        line++
        lineStart = k + 1
      }
    return `line ${line}, column ${i - lineStart + 1}`
  }

  const syntax = (expected: string): Fault => {
    const got = i >= n ? 'the end of the text' : quote(text.slice(i, i + 1))
    const at = stack.length === 0 ? '' : `${path(stack.length)}: `
    return new Fault(`invalid JSON: ${at}expected ${expected}, got ${got} (${where()})`)
  }

  const ws = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c !== Space && c !== Newline && c !== Return && c !== Tab) return
    }
  }

  const readString = (): string => {
    const start = i
    i++
    let escaped = false
    for (; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c === Quote) {
        i++
        if (!escaped) return text.slice(start + 1, i - 1)
        try {
          return JSON.parse(text.slice(start, i)) as string
        } catch {
          i = start
          throw syntax('a string with valid escapes (\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)')
        }
      }
      if (c === Backslash) {
        escaped = true
        i++
      } else if (c < Space) throw syntax('a character of the string (control characters must be escaped)')
    }
    throw syntax('the closing quote of the string')
  }

  const digits = (): number => {
    const s = i
    while (i < n && isDigit(text.charCodeAt(i))) i++
    return i - s
  }

  const readNumber = (): number => {
    const start = i
    if (text.charCodeAt(i) === Minus) i++
    const c = text.charCodeAt(i)
    if (c === Zero) i++
    else if (digits() === 0) throw syntax('a digit')
    if (text.charCodeAt(i) === Dot) {
      i++
      if (digits() === 0) throw syntax('a digit after the decimal point')
    }
    const e = text.charCodeAt(i)
    if (e === LowerE || e === UpperE) {
      i++
      const sign = text.charCodeAt(i)
      if (sign === Plus || sign === Minus) i++
      if (digits() === 0) throw syntax('a digit of the exponent')
    }
    return Number(text.slice(start, i))
  }

  /**
   * The fast path for what model files are made of, flat arrays of numbers (a tensor's `data`): when the
   * text from `[` to the next `]` holds only number characters, commas and white space, `JSON.parse` reads
   * that slice natively (the same values, by definition). Anything else, or a slice it refuses, goes the
   * slow way, which then reports the fault precisely. A failed scan stops at the first other character, and
   * no `[` can lie inside it, so every character is scanned at most twice: still linear.
   */
  const numberArray = (): Array<number> | undefined => {
    let k = i + 1
    for (; k < n; k++) {
      const c = text.charCodeAt(k)
      if (!(
        isDigit(c) ||
        c === Comma ||
        c === Dot ||
        c === Minus ||
        c === Plus ||
        c === LowerE ||
        c === UpperE ||
        c === Space ||
        c === Newline ||
        c === Return ||
        c === Tab
      ))
        break
    }
    if (k === i + 1 || text.charCodeAt(k) !== RightBracket) return undefined
    try {
      const xs = JSON.parse(text.slice(i, k + 1)) as Array<number>
      i = k + 1
      return xs
    } catch {
      return undefined
    }
  }

  const literal = (word: string, value: unknown): unknown => {
    if (!text.startsWith(word, i)) throw syntax('a value')
    i += word.length
    return value
  }

  /** Reads `"key":` into the top frame, refusing forbidden and duplicate keys. */
  const readKey = (f: Frame): void => {
    f.key = undefined
    ws()
    if (text.charCodeAt(i) !== Quote) throw syntax('a key in double quotes')
    const key = readString()
    const obj = f.object as Record<string, unknown>
    if (forbidden.has(key)) throw new Fault(`${path(stack.length - 1)}: key ${quote(key)} is not allowed`)
    if (Object.prototype.hasOwnProperty.call(obj, key))
      throw new Fault(`${path(stack.length - 1)}: duplicate key ${quote(key)}`)
    f.key = key
    ws()
    if (text.charCodeAt(i) !== Colon) throw syntax('":" after the key')
    i++
  }

  try {
    for (;;) {
      ws()
      let value: unknown
      const c = text.charCodeAt(i)
      if (c === LeftBrace) {
        i++
        ws()
        if (text.charCodeAt(i) === RightBrace) {
          i++
          value = {}
        } else {
          const f: Frame = { array: undefined, object: {}, key: undefined }
          stack.push(f)
          readKey(f)
          continue
        }
      } else if (c === LeftBracket) {
        const flat = numberArray()
        if (flat !== undefined) value = flat
        else {
          i++
          ws()
          if (text.charCodeAt(i) === RightBracket) {
            i++
            value = []
          } else {
            stack.push({ array: [], object: undefined, key: undefined })
            continue
          }
        }
      } else if (c === Quote) value = readString()
      else if (c === Minus || isDigit(c)) value = readNumber()
      else if (c === 116) value = literal('true', true)
      else if (c === 102) value = literal('false', false)
      else if (c === 110) value = literal('null', null)
      else throw syntax('a value')
      // Hand the value to its container; close every container that ends here.
      for (;;) {
        const top = stack[stack.length - 1]
        if (top === undefined) {
          ws()
          if (i < n) throw syntax('the end of the text after the JSON value')
          return { ok: true, value }
        }
        if (top.array !== undefined) top.array.push(value)
        // `__proto__` is always refused, so plain assignment makes an own property like `JSON.parse` does.
        else (top.object as Record<string, unknown>)[top.key as string] = value
        ws()
        const d = text.charCodeAt(i)
        if (d === Comma) {
          i++
          if (top.object !== undefined) readKey(top)
          break
        }
        if (d === (top.array !== undefined ? RightBracket : RightBrace)) {
          i++
          stack.pop()
          value = top.array ?? top.object
          continue
        }
        throw syntax(top.array !== undefined ? '"," or "]"' : '"," or "}"')
      }
    }
  } catch (e) {
    if (e instanceof Fault) return { ok: false, message: e.message }
    // Only an engine limit (out of memory) can land here.
    return { ok: false, message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` }
  }
}
