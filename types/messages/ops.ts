// Each negative case sits right below its positive twin, which differs only in the dim under test.
import { add, addBias, hadamard, matmul, matvec, sub, tensor, transpose, zeros, zipWith } from 'tensorial'

const a23 = zeros([2, 3])
const b35 = zeros([3, 5])
const b45 = zeros([4, 5])

export const mm = matmul(a23, b35)
// @expect-error TS2345 matmul: inner dims differ (3 vs 4) in [2, 3]·[4, 5]
export const mmBad = matmul(a23, b45)

const v3 = zeros([3])
const v2 = zeros([2])
export const mv = matvec(a23, v3)
// @expect-error TS2345 matvec: matrix has 3 columns but vector has length 2 in [2, 3]·[2]
export const mvBad = matvec(a23, v2)

export const ab = addBias(a23, v3)
// @expect-error TS2345 addBias: bias length 2 != row width 3 in [2, 3] + [2]
export const abBad = addBias(a23, v2)

export const ad = add(a23, zeros([2, 3]))
// @expect-error TS2345 add: shapes differ, [2, 3] vs [2, 4]
export const adBad = add(a23, zeros([2, 4]))

export const sb = sub(a23, zeros([2, 3]))
// @expect-error TS2345 sub: shapes differ, [2, 3] vs [3, 3]
export const sbBad = sub(a23, zeros([3, 3]))

export const hd = hadamard(v3, zeros([3]))
// @expect-error TS2345 hadamard: shapes differ, [3] vs [3, 1]
export const hdBad = hadamard(v3, zeros([3, 1]))

export const zw = zipWith(v3, zeros([3]), Math.max)
// @expect-error TS2345 zipWith: shapes differ, [3] vs [4]
export const zwBad = zipWith(v3, zeros([4]), Math.max)

// z = Wᵀa + b with W [2, 3], a [2], b [3]
const W = zeros([2, 3])
const x = tensor([1, 2])
const b = tensor([1, 2, 3])
export const z = add(matvec(transpose(W), x), b)
// @expect-error TS2345 matvec: matrix has 3 columns but vector has length 2 in [2, 3]·[2]
export const zNoT = matvec(W, x)

// a widened shape loses its rank: rejected
const dims = [2, 3]
export const zs = zeros([2, 3])
// @expect-error TS2345 zeros: shape must be a tuple of known rank such as [2, 3], got number[]
export const zsBad = zeros(dims)

// ragged literals
export const ok = tensor([
  [1, 2],
  [3, 4],
])
// @expect-error TS2345 tensor: ragged nested array
export const ragged = tensor([[1, 2], [3]])
