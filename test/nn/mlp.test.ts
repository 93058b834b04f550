import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  dynamic,
  dense,
  forward,
  Init,
  init,
  input,
  mlp,
  predict,
  Random,
  relu,
  sigmoid,
  softmax,
  tensor,
  toArray,
  toArrays,
  toFlat,
  type Shape,
} from 'tensorial'

import { shapeErrorOf } from '../util.js'

describe('mlp', () => {
  const built = mlp(6, [5, 4, 3], relu, softmax)
  const piped = pipe(input(6), dense(5, relu), dense(4, relu), dense(3, softmax))

  it('is the hand-written pipeline, layer for layer', () => {
    expect(built.inputs).toBe(6)
    expect(built.outputs).toBe(3)
    expect(built.layers.map((l) => l.spec)).toEqual(piped.layers.map((l) => l.spec))
    expect(built.layers.map((l) => l.activation.spec)).toEqual([
      { name: 'relu' },
      { name: 'relu' },
      { name: 'softmax' },
    ])
  })

  it('draws the same Θ from the same seed and computes the same forward pass', () => {
    const [a, ra] = init(built)(Random.seed(7))
    const [b, rb] = init(piped)(Random.seed(7))
    expect(toArrays(a)).toEqual(toArrays(b))
    expect(ra).toEqual(rb)
    const x = tensor([
      [1, -2, 3, 0.5, 0, -1],
      [0, 1, 0, 1, 0, 1],
    ])
    expect(toArray(predict(built, a, x))).toEqual(toArray(predict(piped, b, x)))
    const ta = forward(built, a, x)
    const tb = forward(piped, b, x)
    expect(ta.layers.map((l) => toFlat<Shape>(l.z))).toEqual(tb.layers.map((l) => toFlat<Shape>(l.z)))
  })

  it('one width is a single layer with the output activation; options reach every layer', () => {
    const one = mlp(3, [2], relu, sigmoid, { weights: Init.constant(0.5), bias: Init.constant(0) })
    expect(one.layers).toHaveLength(1)
    expect(one.layers[0].activation.spec).toEqual({ name: 'sigmoid' })
    const [theta] = init(one)(Random.seed(1))
    expect(toArrays(theta)).toEqual([
      {
        W: [
          [0.5, 0.5],
          [0.5, 0.5],
          [0.5, 0.5],
        ],
        b: [0, 0],
      },
    ])
  })

  it('a width that is not a positive integer, read at run time, is a ShapeError as for dense', () => {
    const w: number = 0
    expect(shapeErrorOf(() => mlp(3, [4, dynamic(w), 2], relu, softmax)).message).toBe(
      'mlp: widths[1] must be a positive integer, got 0',
    )
    expect(shapeErrorOf(() => mlp(dynamic(w + 0.5), [4], relu, softmax)).message).toBe(
      'mlp: inputs must be a positive integer, got 0.5',
    )
  })
})
