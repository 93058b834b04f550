/**
 * Checks shared by the decoders of configuration values (optimizer, cost and activation specs, gradient
 * options): each returns a `Left` of kind `InvalidConfig` naming the field, the value and the allowed range.
 * @internal
 * @since 0.2.0
 */
import * as E from 'fp-ts/lib/Either.js'

import type { InvalidConfig } from '../core/errors.js'
import { invalidConfig } from '../core/errors.js'

/** @internal */
export type Checked<A> = E.Either<InvalidConfig, A>

/** @internal */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u)

/**
 * The first key of `o` other than `name` not in `known` as a `Left` (`path.key: value is not allowed (expected
 * one of the options of what: …)`), with a hint when the key is a known alias (`lr` → `eta`).
 * @internal
 */
export const noUnknownKeys = (
  path: string,
  o: Record<string, unknown>,
  known: ReadonlyArray<string>,
  what: string,
  aliases: Readonly<Record<string, string>> = {},
): Checked<void> => {
  const extra = Object.keys(o).find((k) => k !== 'name' && !known.includes(k))
  if (extra === undefined) return E.right(undefined)
  const alias = Object.prototype.hasOwnProperty.call(aliases, extra) ? aliases[extra] : undefined
  const hint = alias === undefined ? '' : `; for ${extra} write ${alias}`
  const allowed =
    known.length === 0
      ? `no key but name: ${what} takes no options`
      : `one of the options of ${what}: ${known.join(', ')}${hint}`
  return E.left(invalidConfig(`${path}.${extra}`, o[extra], allowed))
}

/** `u` when it is one of `names`, else a `Left` listing them. @internal */
export const oneOf = <N extends string>(path: string, u: unknown, names: ReadonlyArray<N>): Checked<N> =>
  typeof u === 'string' && (names as ReadonlyArray<string>).includes(u)
    ? E.right(u as N)
    : E.left(invalidConfig(path, u, `one of ${names.join(', ')}`))

/** `u` when it is a number passing `ok`, else a `Left` with `allowed`. @internal */
export const numberIn = (path: string, u: unknown, ok: (x: number) => boolean, allowed: string): Checked<number> =>
  typeof u === 'number' && ok(u) ? E.right(u) : E.left(invalidConfig(path, u, allowed))

/** A finite number > 0. @internal */
export const positive = (path: string, u: unknown): Checked<number> =>
  numberIn(path, u, (x) => Number.isFinite(x) && x > 0, 'a finite number > 0')

/** A finite number ≥ 0. @internal */
export const nonNegative = (path: string, u: unknown): Checked<number> =>
  numberIn(path, u, (x) => Number.isFinite(x) && x >= 0, 'a finite number ≥ 0')

/** A number in [0, 1). @internal */
export const unitOpen = (path: string, u: unknown): Checked<number> =>
  numberIn(path, u, (x) => x >= 0 && x < 1, 'a number in [0, 1)')

/** A number in (0, 1]. @internal */
export const unitHalfOpen = (path: string, u: unknown): Checked<number> =>
  numberIn(path, u, (x) => x > 0 && x <= 1, 'a number in (0, 1]')

/** A finite number. @internal */
export const finite = (path: string, u: unknown): Checked<number> =>
  numberIn(path, u, (x) => Number.isFinite(x), 'a finite number')

/** A boolean. @internal */
export const bool = (path: string, u: unknown): Checked<boolean> =>
  typeof u === 'boolean' ? E.right(u) : E.left(invalidConfig(path, u, 'true or false'))
