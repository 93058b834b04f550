/**
 * Values in error messages, bounded: whatever the input, a quoted value or key stays under a hundred-odd
 * characters, so a message stays under a few hundred.
 * @internal
 * @since 0.1.0
 */

/**
 * How many characters of a string a message quotes; a longer one is cut and its length given.
 * @internal
 */
export const quoteLimit = 80

/**
 * A string as it appears in a message: JSON-quoted, cut at `quoteLimit` characters with the length given,
 * `"aaaa…" (200000 characters)`. Cuts at a code point boundary, so no lone surrogate is made.
 * @internal
 */
export const quote = (s: string): string => {
  if (s.length <= quoteLimit) return JSON.stringify(s)
  const end = /[\uD800-\uDBFF]/.test(s.charAt(quoteLimit - 1)) ? quoteLimit - 1 : quoteLimit
  return `${JSON.stringify(`${s.slice(0, end)}…`)} (${s.length} characters)`
}

/**
 * The kind of an object as `Object.prototype.toString` names it (`Uint8Array`, `Map`, `Object`), or
 * `undefined` when reading it throws (a hostile proxy).
 * @internal
 */
export const kindOf = (u: object): string | undefined => {
  try {
    return Object.prototype.toString.call(u).slice(8, -1)
  } catch {
    return undefined
  }
}

const article = (noun: string): string => (/^[AEIO]/i.test(noun) ? `an ${noun}` : `a ${noun}`)

/**
 * A value as it appears in a message: strings quoted and cut (`quote`), numbers as JS prints them (`-0`
 * kept), containers by kind and size (`an array of length 3`, `a Uint8Array of length 120`), so a message
 * never prints a whole data set. Never throws, whatever the value (a proxy whose traps throw is `an object`).
 * @internal
 */
export const showValue = (u: unknown): string => {
  if (typeof u === 'string') return quote(u)
  if (typeof u === 'number') return Object.is(u, -0) ? '-0' : String(u)
  if (typeof u === 'bigint') {
    const s = `${u}n`
    return s.length > quoteLimit ? `a bigint of ${s.length - 1} digits` : s
  }
  if (u === null || u === undefined || typeof u === 'boolean') return String(u)
  if (typeof u === 'function') return 'a function'
  if (typeof u === 'symbol') return 'a symbol'
  try {
    if (Array.isArray(u)) return `an array of length ${u.length}`
    if (ArrayBuffer.isView(u)) {
      const kind = kindOf(u) ?? 'typed array'
      return 'length' in u ? `${article(kind)} of length ${(u as unknown as ArrayLike<unknown>).length}` : article(kind)
    }
    if (u instanceof ArrayBuffer) return `an ArrayBuffer of ${u.byteLength} bytes`
  } catch {
    return 'an object'
  }
  const kind = kindOf(u)
  return kind === undefined || kind === 'Object' ? 'an object' : article(kind)
}

/**
 * What to say when bytes come where text is expected: `got a Uint8Array; pass the file's text (new
 * TextDecoder().decode(bytes))`, or `undefined` when `u` is not bytes.
 * @internal
 */
export const bytesHint = (u: unknown): string | undefined => {
  let bytes = false
  try {
    bytes = (ArrayBuffer.isView(u) || u instanceof ArrayBuffer) && !Array.isArray(u)
  } catch {
    return undefined
  }
  return bytes ? `got ${showValue(u)}; pass the file's text (new TextDecoder().decode(bytes))` : undefined
}

/**
 * A caught exception as it appears in a message: its message, cut at 200 characters. Never throws (an
 * exception whose `message` getter throws is `an unreadable error`).
 * @internal
 */
export const showError = (e: unknown): string => {
  try {
    const m = e instanceof Error ? e.message : typeof e === 'string' ? e : showValue(e)
    return m.length > 200 ? `${m.slice(0, 200)}… (${m.length} characters)` : m
  } catch {
    return 'an unreadable error'
  }
}
