import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

import { fromArray, orThrow, toArray } from 'tensorial'

describe('orThrow', () => {
  it('returns the Right', () => {
    expect(orThrow(E.right(3))).toBe(3)
    expect(toArray(orThrow(fromArray([1, 2], [2])))).toEqual([1, 2])
  })

  it('throws an Error with the Left’s message, the Left as its cause', () => {
    const left = fromArray([1, 2, 3], [2, 2])
    expect(E.isLeft(left)).toBe(true)
    if (E.isRight(left)) return
    let thrown: unknown
    try {
      orThrow(left)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toBeInstanceOf(Error)
    expect((thrown as Error).message).toBe(left.left.message)
    expect((thrown as Error).cause).toBe(left.left)
  })

  it('shows a Left without a string message with String()', () => {
    expect(() => orThrow(E.left('no file'))).toThrow(new Error('no file'))
    expect(() => orThrow(E.left({ message: 42 }))).toThrow(new Error('[object Object]'))
    expect(() => orThrow(E.left(null))).toThrow(new Error('null'))
  })
})
