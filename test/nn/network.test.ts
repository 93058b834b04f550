import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import { dense, denseLayer, dynamic, fromArrays, input, layer, relu, sequential, ShapeError, sigmoid } from 'tensorial'

import { unsafeLeft } from '../util.js'

/** The message of the `ShapeError` that `f` throws. */
const thrown = (f: () => unknown): string => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(ShapeError)
    return (e as ShapeError).message
  }
  throw new Error('expected a ShapeError, got none')
}

// Dynamic widths get past the types, so the run-time checks are reached; they number layers from 1, as the
// compile-time messages and the notes' Wˡ do.
describe('run-time junction checks number layers from 1', () => {
  it('sequential', () => {
    expect(
      thrown(() => sequential(denseLayer(2, 3, relu), denseLayer(3, 5, relu), denseLayer(dynamic(4), 1, sigmoid))),
    ).toContain('layer 3: input 4 != previous output 5')
    expect(() => sequential(denseLayer(2, 3, relu), denseLayer(dynamic(3), 1, sigmoid))).not.toThrow()
  })

  it('layer()', () => {
    expect(thrown(() => pipe(input(2), dense(3, relu), layer(denseLayer(dynamic(4), 1, sigmoid))))).toContain(
      'layer 2: input 4 != previous output 3',
    )
  })

  it('fromArrays', () => {
    const net = pipe(input(2), dense(1, sigmoid), dense(1, sigmoid))
    const e = unsafeLeft(fromArrays(net, [{ W: [[1], [2]], b: [0] }, { W: [[1]] }]))
    expect(e.message).toContain('layer 2: missing b')
  })
})

describe('dynamic', () => {
  it('is the number itself', () => {
    expect(dynamic(7)).toBe(7)
    expect(pipe(input(dynamic(3)), dense(dynamic(4), relu)).outputs).toBe(4)
  })
})
