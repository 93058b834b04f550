/**
 * The escape hatch from `Either` for scripts.
 *
 * @since 0.2.0
 */
import type { Either } from 'fp-ts/lib/Either.js'

/**
 * The `Right` value of `either`, or a thrown `Error` whose message is the `Left`'s `message` (a `Left` that is
 * not an object with a string `message` is shown with `String`). The `Error`'s `cause` is the `Left` itself.
 *
 * This is the non-functional way out, meant for scripts, notebooks and examples where a failure should just
 * stop the program: library code, and code that wants to handle the failure, keeps the `Either` (`E.match`,
 * `E.getOrElse`, `pipe(…, E.chain(…))`).
 *
 * @example
 * import { fromArray, orThrow, toArray } from 'tensorial'
 * assert.deepStrictEqual(toArray(orThrow(fromArray([1, 2, 3, 4], [2, 2]))), [[1, 2], [3, 4]])
 * assert.throws(() => orThrow(fromArray([1, 2, 3], [2, 2])), /fromArray/)
 *
 * @category error handling
 * @since 0.2.0
 */
export const orThrow = <L, A>(either: Either<L, A>): A => {
  if (either._tag === 'Right') return either.right
  const l: unknown = either.left
  const message =
    typeof l === 'object' && l !== null && 'message' in l && typeof l.message === 'string' ? l.message : String(l)
  throw new Error(message, { cause: l })
}
