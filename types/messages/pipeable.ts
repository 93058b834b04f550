// Messages of the data-last twins in `P`, called directly and in fp-ts `pipe`/`flow`: the same words as the
// data-first ops, with `self` (the piped value) on the left. In a pipe, the first line names the step by its op
// and operand (`MatmulBy<4, 5>`, `Elementwise<"add", readonly [2, 4]>`) and the piped value's shape; the sentence
// is the last elaboration line.
import { flow, pipe } from 'fp-ts/lib/function.js'
import type { Tensor } from 'tensorial'
import { P, zeros } from 'tensorial'

declare const n: number

const a23 = zeros([2, 3])
const v2 = zeros([2])
const v3 = zeros([3])

// called directly
export const mm = P.matmul(zeros([3, 5]))(a23)
// @expect-error TS2345 matmul: inner dims differ (3 vs 4) in [2, 3]·[4, 5]
export const mmBad = P.matmul(zeros([4, 5]))(a23)
export const mv = P.matvec(v3)(a23)
// @expect-error TS2345 matvec: matrix has 3 columns but vector has length 2 in [2, 3]·[2]
export const mvBad = P.matvec(v2)(a23)
export const ab = P.addBias(v3)(a23)
// @expect-error TS2345 addBias: bias length 2 != row width 3 in [2, 3] + [2]
export const abBad = P.addBias(v2)(a23)
export const ad = P.add(zeros([2, 3]))(a23)
// @expect-error TS2345 add: shapes differ, [2, 3] vs [2, 4]
export const adBad = P.add(zeros([2, 4]))(a23)
export const sb = P.sub(zeros([2, 3]))(a23)
// @expect-error TS2345 sub: shapes differ, [2, 3] vs [3, 3]
export const sbBad = P.sub(zeros([3, 3]))(a23)
export const hd = P.hadamard(zeros([3]))(v3)
// @expect-error TS2345 hadamard: shapes differ, [3] vs [3, 1]
export const hdBad = P.hadamard(zeros([3, 1]))(v3)
export const zw = P.zipWith(zeros([3]), Math.max)(v3)
// @expect-error TS2345 zipWith: shapes differ, [3] vs [4]
export const zwBad = P.zipWith(zeros([4]), Math.max)(v3)

// in pipe
export const pmm = pipe(a23, P.matmul(zeros([3, 5])))
// @expect-error TS2345 'MatmulBy<4, 5>' is not assignable to parameter of type '(a: Tensor<readonly [2, 3]>)
export const pmmBad = pipe(a23, P.matmul(zeros([4, 5])))
export const pmv = pipe(a23, P.matvec(zeros([3])))
// @expect-error TS2345 'MatvecBy<2>' is not assignable to parameter of type '(a: Tensor<readonly [2, 3]>)
export const pmvBad = pipe(a23, P.matvec(zeros([2])))
export const pab = pipe(a23, P.addBias(zeros([3])))
// @expect-error TS2345 'AddBias<2>' is not assignable to parameter of type '(a: Tensor<readonly [2, 3]>)
export const pabBad = pipe(a23, P.addBias(zeros([2])))
export const pad = pipe(a23, P.add(zeros([2, 3])))
// @expect-error TS2345 'Elementwise<"add", readonly [2, 4]>' is not assignable to parameter of type '(a: Tensor<readonly [2, 3]>)
export const padBad = pipe(a23, P.add(zeros([2, 4])))
export const psb = pipe(a23, P.sub(zeros([2, 3])))
// @expect-error TS2345 'Elementwise<"sub", readonly [3, 3]>' is not assignable to parameter of type '(a: Tensor<readonly [2, 3]>)
export const psbBad = pipe(a23, P.sub(zeros([3, 3])))
export const phd = pipe(v3, P.hadamard(zeros([3])))
// @expect-error TS2345 'Elementwise<"hadamard", readonly [3, 1]>' is not assignable to parameter of type '(a: Tensor<readonly [3]>)
export const phdBad = pipe(v3, P.hadamard(zeros([3, 1])))
export const pzw = pipe(v3, P.zipWith(zeros([3]), Math.max))
// @expect-error TS2345 'Elementwise<"zipWith", readonly [4]>' is not assignable to parameter of type '(a: Tensor<readonly [3]>)
export const pzwBad = pipe(v3, P.zipWith(zeros([4]), Math.max))

// a forward pass: the error is on the stage whose dim is wrong, and names the shape flowing into it
const x = zeros([4, 2])
const W = zeros([2, 3])
const b = zeros([3])
export const fw = pipe(x, P.matmul(W), P.addBias(b), P.map(Math.tanh))
// @expect-error TS2345 'AddBias<4>' is not assignable to parameter of type '(b: Tensor<readonly [4, 3]>)
export const fwBad = pipe(x, P.matmul(W), P.addBias(zeros([4])), P.map(Math.tanh))
export const fw2 = pipe(x, P.matmul(W), P.transpose, P.hadamard(zeros([3, 4])))
// @expect-error TS2345 'Elementwise<"hadamard", readonly [4, 3]>' is not assignable to parameter of type '(c: Tensor<readonly [3, 4]>)
export const fw2Bad = pipe(x, P.matmul(W), P.transpose, P.hadamard(zeros([4, 3])))
export const fw3 = pipe(x, P.matmul(W), P.sumRows, P.add(b))
// @expect-error TS2345 'Elementwise<"add", readonly [2]>' is not assignable to parameter of type '(c: Tensor<readonly [3]>)
export const fw3Bad = pipe(x, P.matmul(W), P.sumRows, P.add(zeros([2])))

// dynamic dims in a pipe
export const pdm = pipe(zeros([n, 3]), P.matmul(zeros([3, 4])))
export const pdm2 = pipe(zeros([2, n]), P.matmul(zeros([3, 4])))
// @expect-error TS2345 'MatmulBy<4, 4>' is not assignable to parameter of type '(a: Tensor<readonly [number, 3]>)
export const pdmBad = pipe(zeros([n, 3]), P.matmul(zeros([4, 4])))

// in flow
export const layer = flow(P.matmul(zeros([784, 30])), P.addBias(zeros([30])), P.map(Math.tanh))
export const out = layer(zeros([32, 784]))
// @expect-error TS2345 matmul: inner dims differ (783 vs 784) in [32, 783]·[784, 30]
export const outBad = layer(zeros([32, 783]))
export const net = flow((i: Tensor<readonly [4, 2]>) => i, P.matmul(zeros([2, 3])), P.matmul(zeros([3, 1])))
// @expect-error TS2345 'MatmulBy<2, 1>' is not assignable to parameter of type '(c: Tensor<readonly [4, 3]>)
export const netBad = flow((i: Tensor<readonly [4, 2]>) => i, P.matmul(zeros([2, 3])), P.matmul(zeros([2, 1])))
