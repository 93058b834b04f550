// No silent widening: a width that is a plain `number` (read from a config object without `as const`, computed,
// or a loop variable) is a compile error naming the fix; the same width written `dynamic(n)` compiles and is
// checked at run time. Each negative case sits below its positive twin.
import { pipe } from 'fp-ts/lib/function.js'
import type { Dense, Network } from 'tensorial'
import { add, dense, denseLayer, dynamic, input, matmul, relu, sequential, sigmoid, zeros } from 'tensorial'

const config = { hidden: 30, inputs: 784 }
const HIDDEN = 15

export const denseDyn: Network<readonly [Dense<784, number>], 784, number> = pipe(
  input(784),
  dense(dynamic(config.hidden), relu),
)
// @expect-error TS2345 dense: width is number, not a literal; write dense(dynamic(n)) to check it at run time, or use a literal / as const
export const denseNum = pipe(input(784), dense(config.hidden, relu))

export const computedDyn = pipe(input(784), dense(dynamic(2 * HIDDEN), relu))
// @expect-error TS2345 dense: width is number, not a literal; write dense(dynamic(n)) to check it at run time, or use a literal / as const
export const computed = pipe(input(784), dense(2 * HIDDEN, relu))

export const asConst = pipe(input(784), dense(({ hidden: 30 } as const).hidden, relu))

export const inputDyn: Network<readonly [], number, number> = input(dynamic(config.inputs))
// @expect-error TS2345 input: width is number, not a literal; write input(dynamic(n)) to check it at run time, or use a literal / as const
export const inputNum = input(config.inputs)

export const layerDyn: Dense<number, 10> = denseLayer(dynamic(config.inputs), 10, sigmoid)
// @expect-error TS2345 denseLayer: width is number, not a literal; write denseLayer(dynamic(n)) to check it at run time, or use a literal / as const
export const layerNum = denseLayer(config.inputs, 10, sigmoid)

// a dynamic width meets a static one at a junction: accepted here, checked at run time
export const mixed = sequential(denseLayer(dynamic(config.inputs), 10, relu), denseLayer(10, 1, sigmoid))
export const mixed2 = sequential(denseLayer(784, dynamic(config.hidden), relu), denseLayer(30, 1, sigmoid))

// a width built in a loop must say so
export const loop = [10, 20].reduce(
  (net: Network<ReadonlyArray<Dense<number, number>>, 784, number>, w) =>
    pipe(net, dense(dynamic(w), relu)) as Network<ReadonlyArray<Dense<number, number>>, 784, number>,
  input(784) as Network<ReadonlyArray<Dense<number, number>>, 784, number>,
)
export const loopNum = [10, 20].map((w) =>
  // @expect-error TS2345 dense: width is number, not a literal
  dense(w, relu),
)

// a dynamic(n) dim in a shape counts as number: checked at run time
declare const rows: number
export const dynShape = add(zeros([dynamic(rows), 3]), zeros([4, 3]))
export const dynMatmul = matmul(zeros([4, dynamic(rows)]), zeros([3, 5]))
export const staticShape = add(zeros([4, 3]), zeros([4, 3]))
// @expect-error TS2345 add: shapes differ, [number, 3] vs [4, 2]
export const dynShapeBad = add(zeros([dynamic(rows), 3]), zeros([4, 2]))
