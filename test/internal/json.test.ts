/**
 * The strict JSON reader (src/internal/json.ts): the values of `JSON.parse` on every text it accepts, a
 * `JSON.parse` failure is a fault too, and what `JSON.parse` silently accepts (duplicate keys, `__proto__`) is
 * a fault naming the path. It never throws, and nesting depth cannot overflow the stack.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

import { readJson, showPath } from '../../src/internal/json.js'

const parsed = (text: string): unknown => {
  const r = readJson(text)
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`)
  return r.value
}
const fault = (text: string, forbidden?: ReadonlyArray<string>): string => {
  const r = readJson(text, forbidden === undefined ? {} : { forbidden })
  if (r.ok) throw new Error('expected a fault')
  return r.message
}

/** Whether a parsed JSON value holds an object with a `__proto__` key (which readJson refuses). */
const hasProtoKey = (u: unknown): boolean =>
  typeof u === 'object' &&
  u !== null &&
  (Object.prototype.hasOwnProperty.call(u, '__proto__') || Object.values(u).some(hasProtoKey))

describe('readJson', () => {
  it('gives the value JSON.parse gives on the text of any JSON value (-0 and every double included)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined)
        expect(parsed(text)).toStrictEqual(JSON.parse(text))
      }),
      { numRuns: 500 },
    )
    expect(Object.is(parsed('-0'), -0)).toBe(true)
    expect(parsed('[1e400, -1e-400, 0.1, 1E+2, 5e-324]')).toStrictEqual([Infinity, -0, 0.1, 100, 5e-324])
  })

  it('agrees with JSON.parse on arbitrary text: the same value, or a fault where JSON.parse throws; never throws', () => {
    const jsonish = fc.stringMatching(/^[\s{}[\]",:0-9eE.+\-tfrunlsa\\u]{0,30}$/)
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), jsonish), (text) => {
        let expected: { ok: true; value: unknown } | { ok: false }
        try {
          expected = { ok: true, value: JSON.parse(text) }
        } catch {
          expected = { ok: false }
        }
        const r = readJson(text)
        if (!expected.ok) expect(r.ok).toBe(false)
        else if (r.ok) expect(r.value).toStrictEqual(expected.value)
        // JSON.parse accepts and readJson refuses: only a duplicate or a __proto__ key may cause that.
        else expect(r.message).toMatch(/duplicate key|is not allowed/)
      }),
      { numRuns: 3000 },
    )
  })

  it('refuses a duplicate key, naming the path of the object', () => {
    expect(fault('{"W": 1, "W": 2}')).toBe('(root): duplicate key "W"')
    expect(fault('{"layers": [{}, {"params": {"b": [], "W": [], "W": []}}]}')).toBe(
      'layers[1].params: duplicate key "W"',
    )
  })

  it('refuses __proto__ always, and the keys a caller forbids, anywhere', () => {
    expect(fault('{"a": [{"__proto__": {}}]}')).toBe('a[0]: key "__proto__" is not allowed')
    expect(fault('{"a": {"constructor": 1}}', ['constructor', 'prototype'])).toBe('a: key "constructor" is not allowed')
    expect(parsed('{"constructor": 1}')).toStrictEqual({ constructor: 1 })
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v)
        expect(readJson(text).ok).toBe(!hasProtoKey(JSON.parse(text)))
      }),
    )
  })

  it('says where a syntax fault is: the JSON path, the line and the column', () => {
    expect(fault('{"x": [[1, 2], [3, 4')).toBe(
      'invalid JSON: x[1][2]: expected "," or "]", got the end of the text (line 1, column 21)',
    )
    expect(fault('{\n  "a": 1,\n  "b": tru\n}')).toBe('invalid JSON: b: expected a value, got "t" (line 3, column 8)')
    expect(fault('{"a": 1,}')).toBe('invalid JSON: (root): expected a key in double quotes, got "}" (line 1, column 9)')
    expect(fault('')).toBe('invalid JSON: expected a value, got the end of the text (line 1, column 1)')
    expect(fault('[1] [2]')).toBe(
      'invalid JSON: expected the end of the text after the JSON value, got "[" (line 1, column 5)',
    )
    expect(fault('"a\u0001"')).toContain('control characters must be escaped')
    expect(fault('[01]')).toContain('expected "," or "]", got "1"')
    expect(fault('"\\x"')).toContain('valid escapes')
    // flat number arrays are read natively when well-formed; a fault in one is still placed exactly
    expect(fault('{"data": [1, 2,, 3]}')).toBe('invalid JSON: data[2]: expected a value, got "," (line 1, column 16)')
    expect(fault('{"data": [1, 2e, 3]}')).toBe(
      'invalid JSON: data[1]: expected a digit of the exponent, got "," (line 1, column 16)',
    )
    expect(parsed('[ 1 , -0 ,2e3 ]')).toStrictEqual([1, -0, 2000])
  })

  it('keeps messages short whatever the keys or the text', () => {
    const long = 'k'.repeat(200_000)
    const m = fault(`{"${long}": {"${long}": 1, "${long}": 2}}`)
    expect(m).toBe(`["${'k'.repeat(80)}…" (200000 characters)]: duplicate key "${'k'.repeat(80)}…" (200000 characters)`)
    expect(fault(`{"${long}": [1, 2 x]}`).length).toBeLessThan(300)
  })

  it('reads nesting far deeper than the call stack allows', () => {
    const depth = 200_000
    const text = `${'['.repeat(depth)}1${']'.repeat(depth)}`
    let v: unknown = parsed(text)
    let d = 0
    while (Array.isArray(v)) {
      v = v[0]
      d++
    }
    expect([d, v]).toEqual([depth, 1])
    expect(fault(`${'['.repeat(depth)}1`).length).toBeLessThan(400)
  })
})

describe('showPath', () => {
  it('writes paths as code would, quoting and cutting keys that are not identifiers', () => {
    expect(showPath([])).toBe('(root)')
    expect(showPath(['layers', 1, 'W', 'shape'])).toBe('layers[1].W.shape')
    expect(showPath([0, 'a b', 'c'])).toBe('[0]["a b"].c')
    expect(showPath(['a', ...new Array<number>(30).fill(0), 'b'])).toBe(
      'a[0][0][0][0][0][0][0]…(20 levels)…[0][0][0].b',
    )
  })
})
