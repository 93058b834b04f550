// Tried as a new user would: z = Wᵀa + b with W [2, 3] (2 inputs, 3 outputs), a [2], b [3] compiles, and every
// single-dim change to it is rejected with a message naming the op and the dims. Each variant is its own block:
// the program as written (the positive twin), then the same program with one dim changed.
import type { Tensor } from 'tensorial'
import { add, matvec, tensor, transpose } from 'tensorial'

const W = tensor([
  [1, 2, 3],
  [4, 5, 6],
])
const a = tensor([1, 2])
const b = tensor([0.1, 0.2, 0.3])
export const z: Tensor<readonly [3]> = add(matvec(transpose(W), a), b)

// W [3, 3]: one more row (input)
{
  const _z = add(matvec(transpose(W), a), b)
  const W33 = tensor([
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ])
  // @expect-error TS2345 matvec: matrix has 3 columns but vector has length 2 in [3, 3]·[2]
  const _zBad = add(matvec(transpose(W33), a), b)
}

// W [1, 3]: one row fewer
{
  const _z = add(matvec(transpose(W), a), b)
  const W13 = tensor([[1, 2, 3]])
  // @expect-error TS2345 matvec: matrix has 1 columns but vector has length 2 in [3, 1]·[2]
  const _zBad = add(matvec(transpose(W13), a), b)
}

// W [2, 2]: one column (output) fewer
{
  const _z = add(matvec(transpose(W), a), b)
  const W22 = tensor([
    [1, 2],
    [4, 5],
  ])
  // @expect-error TS2345 add: shapes differ, [2] vs [3]
  const _zBad = add(matvec(transpose(W22), a), b)
}

// W [2, 4]: one more column
{
  const _z = add(matvec(transpose(W), a), b)
  const W24 = tensor([
    [1, 2, 3, 4],
    [4, 5, 6, 7],
  ])
  // @expect-error TS2345 add: shapes differ, [4] vs [3]
  const _zBad = add(matvec(transpose(W24), a), b)
}

// W [3, 2]: the transposed layout (dims swapped)
{
  const _z = add(matvec(transpose(W), a), b)
  const W32 = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ])
  // @expect-error TS2345 matvec: matrix has 3 columns but vector has length 2 in [2, 3]·[2]
  const _zBad = add(matvec(transpose(W32), a), b)
}

// the transpose dropped
{
  const _z = add(matvec(transpose(W), a), b)
  // @expect-error TS2345 matvec: matrix has 3 columns but vector has length 2 in [2, 3]·[2]
  const _zBad = add(matvec(W, a), b)
}

// a [3]: one more input
{
  const _z = add(matvec(transpose(W), a), b)
  const a3 = tensor([1, 2, 3])
  // @expect-error TS2345 matvec: matrix has 2 columns but vector has length 3 in [3, 2]·[3]
  const _zBad = add(matvec(transpose(W), a3), b)
}

// a [1]: one input fewer
{
  const _z = add(matvec(transpose(W), a), b)
  const a1 = tensor([1])
  // @expect-error TS2345 matvec: matrix has 2 columns but vector has length 1 in [3, 2]·[1]
  const _zBad = add(matvec(transpose(W), a1), b)
}

// b [2]: one output fewer
{
  const _z = add(matvec(transpose(W), a), b)
  const b2 = tensor([0.1, 0.2])
  // @expect-error TS2345 add: shapes differ, [3] vs [2]
  const _zBad = add(matvec(transpose(W), a), b2)
}

// b [4]: one more output
{
  const _z = add(matvec(transpose(W), a), b)
  const b4 = tensor([0.1, 0.2, 0.3, 0.4])
  // @expect-error TS2345 add: shapes differ, [3] vs [4]
  const _zBad = add(matvec(transpose(W), a), b4)
}

// b [3, 1]: a column instead of a vector
{
  const _z = add(matvec(transpose(W), a), b)
  const b31 = tensor([[0.1], [0.2], [0.3]])
  // @expect-error TS2345 add: shapes differ, [3] vs [3, 1]
  const _zBad = add(matvec(transpose(W), a), b31)
}

// b [1, 3]: a row instead of a vector
{
  const _z = add(matvec(transpose(W), a), b)
  const b13 = tensor([[0.1, 0.2, 0.3]])
  // @expect-error TS2345 add: shapes differ, [3] vs [1, 3]
  const _zBad = add(matvec(transpose(W), a), b13)
}

// a [2, 1]: a column instead of a vector. Rejected, but the rank error does not name the op.
// BUG: wanted TS2345 with a message such as "matvec: vector must have rank 1, got [2, 1] in [3, 2]·[2, 1]";
// the parameter type is `Tensor<readonly [number]>`. Pinned as it is:
{
  const _z = add(matvec(transpose(W), a), b)
  const a21 = tensor([[1], [2]])
  // @expect-error TS2345 Argument of type 'Tensor<readonly [2, 1]>' is not assignable to parameter of type 'Tensor<readonly [number]>'.
  const _zBad = add(matvec(transpose(W), a21), b)
}

// W [2, 3, 1]: one dim too many. Same rank-error BUG as above (`Tensor<readonly [number, number]>`, no op named).
{
  const _z = add(matvec(transpose(W), a), b)
  const W231 = tensor([
    [[1], [2], [3]],
    [[4], [5], [6]],
  ])
  // @expect-error TS2345 Argument of type 'Tensor<readonly [2, 3, 1]>' is not assignable to parameter of type 'Tensor<readonly [number, number]>'.
  const _zBad = add(matvec(transpose(W231), a), b)
}
