/**
 * 01 — tensors and ops: the forward step `z = Wᵀa + b` of the lecture notes, with its shapes.
 *
 * Run: npm run example:01
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import {
  add,
  matmul,
  matvec,
  outer,
  P,
  reshape,
  showShape,
  type Shape,
  type Tensor,
  tensor,
  toArray,
  transpose,
} from 'tensorial'

const show = <S extends Shape>(name: string, t: Tensor<S>): void =>
  console.log(`${name.padEnd(14)} ${showShape(t.shape).padEnd(8)} ${JSON.stringify(toArray(t))}`)

// Layer l with M_{l-1} = 2 inputs and M_l = 3 outputs: W is [2, 3] (w_ij joins input i to output j), b is [3].
const W = tensor([
  [0.1, 0.2, 0.3],
  [0.4, 0.5, 0.6],
])
const b = tensor([0.01, 0.02, 0.03])
const a = tensor([1, 2])

// z = Wᵀa + b, per example. Dropping the transpose is a compile error:
//   matvec: matrix has 3 columns but vector has length 2 in [2, 3]·[2]
const z = add(matvec(transpose(W), a), b)
show('W', W)
show('b', b)
show('a', a)
show('z = Wᵀa + b', z)

// The same for a batch of 4 examples, one per row: Z = A·W + b.
const A = tensor([
  [1, 2],
  [0, 1],
  [-1, 0.5],
  [3, -2],
])
const Z = pipe(A, P.matmul(W), P.addBias(b), P.map(Math.tanh))
show('tanh(A·W + b)', Z)
show('A·W', matmul(A, W))

// The per-example weight gradient a ⊗ δ has the shape of W.
show('a ⊗ δ', outer(a, tensor([1, 0, -1])))

// reshape is checked at run time and returns an Either.
pipe(
  reshape(W, [3, 2]),
  E.match(
    (e) => console.log(`reshape failed: ${e.message}`),
    (t) => show('reshape(W)', t),
  ),
)
pipe(
  reshape(W, [4, 2]),
  E.match(
    (e) => console.log(`reshape [4, 2]: ${e.message}`),
    (t) => show('reshape(W)', t),
  ),
)
