import { describe, expect, it } from 'vitest'

import { defineLayer, fill, identity, type Matrix, type Random, type Vector } from 'tensorial'

type Bias3 = { readonly c: Vector<3> }

describe('defineLayer', () => {
  it('returns the definition itself: the check is at compile time only', () => {
    const definition = {
      kind: 'shift',
      inputs: 3,
      outputs: 3,
      activation: identity,
      shapes: { c: [3] },
      regularized: [],
      spec: { kind: 'shift', inputs: 3, outputs: 3, activation: identity.spec },
      init: (rng: Random.Rng) => [{ c: fill([3], 0) }, rng] as const,
      forward: <B extends number>(_p: Bias3, x: Matrix<B, 3>): Matrix<B, 3> => x,
      backward: <B extends number>(p: Bias3, x: Matrix<B, 3>) => ({ grads: p, dx: () => x }),
    } as const
    const l = defineLayer(definition)
    expect(l).toBe(definition)
    expect(l.shapes).toEqual({ c: [3] })
  })
})
