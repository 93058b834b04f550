/**
 * Values in error messages.
 * @internal
 * @since 0.1.0
 */

/**
 * A value as it appears in a message: strings quoted (`"NaN"`), numbers as JS prints them (`-0` kept),
 * containers by kind and size, so a message never prints a whole data set.
 * @internal
 */
export const showValue = (u: unknown): string => {
  if (typeof u === 'string') return JSON.stringify(u.length > 40 ? `${u.slice(0, 40)}…` : u)
  if (typeof u === 'number') return Object.is(u, -0) ? '-0' : String(u)
  if (typeof u === 'bigint') return `${u}n`
  if (u === null || u === undefined || typeof u === 'boolean') return String(u)
  if (Array.isArray(u)) return `an array of length ${u.length}`
  if (typeof u === 'function') return 'a function'
  if (typeof u === 'symbol') return 'a symbol'
  return 'an object'
}
