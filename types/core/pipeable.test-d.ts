// Type tests for the data-last twins in `P` (src/core/pipeable.ts), called directly and inside fp-ts `pipe`/`flow`.
// Each negative sits directly below a positive twin that differs only in the dim under test; the messages are
// asserted in types/messages/pipeable.ts.
import type { Either } from 'fp-ts/lib/Either.js'
import { flow, pipe } from 'fp-ts/lib/function.js'
import type { ShapeError, Tensor } from 'tensorial'
import { P, tensor, zeros } from 'tensorial'
import { expectError, expectType } from 'tsd'

declare const n: number

const a23 = zeros([2, 3])
const v2 = zeros([2])
const v3 = zeros([3])

// -------------------------------------------------------------------------------------
// called directly: P.op(that)(self) is op(self, that)
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 5]>>(P.matmul(zeros([3, 5]))(a23))
expectError(P.matmul(zeros([4, 5]))(a23))
expectType<Tensor<readonly [2]>>(P.matvec(v3)(a23))
expectError(P.matvec(v2)(a23))
expectType<Tensor<readonly [2, 3]>>(P.addBias(v3)(a23))
expectError(P.addBias(v2)(a23))
expectType<Tensor<readonly [2, 3]>>(P.add(zeros([2, 3]))(a23))
expectError(P.add(zeros([2, 4]))(a23))
expectType<Tensor<readonly [2, 3]>>(P.sub(zeros([2, 3]))(a23))
expectError(P.sub(zeros([3, 3]))(a23))
expectType<Tensor<readonly [3]>>(P.hadamard(zeros([3]))(v3))
expectError(P.hadamard(zeros([3, 1]))(v3))
expectType<Tensor<readonly [3]>>(P.zipWith(zeros([3]), Math.max)(v3))
expectError(P.zipWith(zeros([4]), Math.max)(v3))
expectType<Tensor<readonly [2, 3]>>(P.outer(v3)(v2))
expectError(P.outer(zeros([3, 1]))(v2))
expectError(P.outer(v3)(a23))
expectType<Tensor<readonly [2, 3]>>(P.scale(2)(a23))
expectType<Tensor<readonly [2, 3]>>(P.map(Math.tanh)(a23))
expectType<Tensor<readonly [3, 2]>>(P.transpose(a23))
expectError(P.transpose(v3))
expectType<Tensor<readonly [3]>>(P.sumRows(a23))
expectError(P.sumRows(v3))
expectType<number>(P.sum(a23))
expectType<ReadonlyArray<number>>(P.argmax(a23))
expectError(P.argmax(v3))
expectType<Either<ShapeError, Tensor<readonly [3, 2]>>>(P.reshape([3, 2])(a23))
expectType<Either<ShapeError, Tensor<readonly [6]>>>(P.flatten(6)(a23))

// -------------------------------------------------------------------------------------
// in pipe: every op, with its twin
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [2, 5]>>(pipe(a23, P.matmul(zeros([3, 5]))))
expectError(pipe(a23, P.matmul(zeros([4, 5]))))
expectType<Tensor<readonly [2]>>(pipe(a23, P.matvec(zeros([3]))))
expectError(pipe(a23, P.matvec(zeros([2]))))
expectType<Tensor<readonly [2, 3]>>(pipe(a23, P.addBias(zeros([3]))))
expectError(pipe(a23, P.addBias(zeros([2]))))
expectType<Tensor<readonly [2, 3]>>(pipe(a23, P.add(zeros([2, 3]))))
expectError(pipe(a23, P.add(zeros([2, 4]))))
expectType<Tensor<readonly [2, 3]>>(pipe(a23, P.sub(zeros([2, 3]))))
expectError(pipe(a23, P.sub(zeros([3, 3]))))
expectType<Tensor<readonly [3]>>(pipe(v3, P.hadamard(zeros([3]))))
expectError(pipe(v3, P.hadamard(zeros([4]))))
expectType<Tensor<readonly [3]>>(pipe(v3, P.zipWith(zeros([3]), Math.max)))
expectError(pipe(v3, P.zipWith(zeros([4]), Math.max)))
expectType<Tensor<readonly [2, 3]>>(pipe(v2, P.outer(v3)))
expectType<Tensor<readonly [2, 3]>>(pipe(v2, P.outer(v3), P.add(a23)))
expectError(pipe(v3, P.outer(v2), P.add(a23)))
expectType<Tensor<readonly [2, 3]>>(pipe(a23, P.scale(0.5), P.add(zeros([2, 3]))))
expectError(pipe(a23, P.scale(0.5), P.add(zeros([3, 2]))))
expectType<Tensor<readonly [2, 3]>>(pipe(a23, P.map(Math.tanh), P.add(zeros([2, 3]))))
expectError(pipe(a23, P.map(Math.tanh), P.add(zeros([2, 2]))))
expectType<Tensor<readonly [3, 2]>>(pipe(a23, P.transpose))
expectType<Tensor<readonly [3, 2]>>(pipe(a23, P.transpose, P.add(zeros([3, 2]))))
expectError(pipe(a23, P.transpose, P.add(zeros([2, 3]))))
expectType<Tensor<readonly [3]>>(pipe(a23, P.sumRows, P.add(v3)))
expectError(pipe(a23, P.sumRows, P.add(v2)))
expectType<number>(pipe(a23, P.sum))
expectType<ReadonlyArray<number>>(pipe(a23, P.argmax))
expectType<Either<ShapeError, Tensor<readonly [3, 2]>>>(pipe(a23, P.reshape([3, 2])))
expectType<Either<ShapeError, Tensor<readonly [6]>>>(pipe(a23, P.flatten(6)))
const dimsC = [3, 2] as const
const dims = [3, 2]
expectType<Either<ShapeError, Tensor<readonly [3, 2]>>>(pipe(a23, P.reshape(dimsC)))
expectError(pipe(a23, P.reshape(dims)))

// a forward pass in one pipe; the error is on the stage whose dim is wrong
const x = zeros([4, 2])
const W = zeros([2, 3])
const b = zeros([3])
expectType<Tensor<readonly [4, 3]>>(pipe(x, P.matmul(W), P.addBias(b), P.map(Math.tanh)))
expectError(pipe(x, P.matmul(W), P.addBias(zeros([4])), P.map(Math.tanh)))
expectType<Tensor<readonly [4, 3]>>(pipe(x, P.matmul(W), P.addBias(b), P.hadamard(zeros([4, 3]))))
expectError(pipe(x, P.matmul(W), P.addBias(b), P.hadamard(zeros([3, 4]))))

// static vs dynamic dims, as in the data-first ops
expectType<Tensor<readonly [2, 4]>>(pipe(zeros([2, n]), P.matmul(zeros([3, 4]))))
expectType<Tensor<readonly [2, 4]>>(pipe(zeros([2, 3]), P.matmul(zeros([n, 4]))))
expectType<Tensor<readonly [number, 4]>>(pipe(zeros([n, 3]), P.matmul(zeros([3, 4]))))
expectError(pipe(zeros([n, 3]), P.matmul(zeros([4, 4]))))
expectType<Tensor<readonly [2]>>(pipe(zeros([2, n]), P.matvec(v3)))
expectType<Tensor<readonly [2]>>(pipe(a23, P.matvec(zeros([n]))))
expectType<Tensor<readonly [2, 3]>>(pipe(a23, P.addBias(zeros([n]))))
expectType<Tensor<readonly [2, 3]>>(pipe(a23, P.add(zeros([n, 3]))))
expectError(pipe(a23, P.add(zeros([n, 4]))))
// NOTE: as in data-first addBias, a dynamic row width is not refined by a static bias length
expectType<Tensor<readonly [2, number]>>(pipe(zeros([2, n]), P.addBias(v3)))
// an elementwise step keeps the shape of self: its dynamic batch is not refined by the static operand
expectType<Tensor<readonly [number, 3]>>(pipe(zeros([n, 3]), P.add(a23)))
expectError(pipe(zeros([n, 3]), P.add(zeros([2, 4]))))

// -------------------------------------------------------------------------------------
// in flow: a layer keeps its batch dim generic
// -------------------------------------------------------------------------------------

const layer = flow(P.matmul(zeros([784, 30])), P.addBias(zeros([30])), P.map(Math.tanh))
expectType<Tensor<readonly [32, 30]>>(layer(zeros([32, 784])))
expectError(layer(zeros([32, 783])))
expectType<Tensor<readonly [number, 30]>>(layer(zeros([n, 784])))
const layerOf = <B extends number>(xb: Tensor<readonly [B, 784]>) => layer(xb)
expectType<<B extends number>(xb: Tensor<readonly [B, 784]>) => Tensor<readonly [B, 30]>>(layerOf)

const net = flow(
  (xb: Tensor<readonly [4, 2]>) => xb,
  P.matmul(zeros([2, 3])),
  P.addBias(zeros([3])),
  P.matmul(zeros([3, 1])),
)
expectType<(xb: Tensor<readonly [4, 2]>) => Tensor<readonly [4, 1]>>(net)
expectType<Tensor<readonly [4, 1]>>(
  flow((xb: Tensor<readonly [4, 2]>) => xb, P.matmul(zeros([2, 3])), P.matmul(zeros([3, 1])))(x),
)
expectError(flow((xb: Tensor<readonly [4, 2]>) => xb, P.matmul(zeros([2, 3])), P.matmul(zeros([2, 1]))))

// -------------------------------------------------------------------------------------
// generic code in B, I, O through pipe
// -------------------------------------------------------------------------------------

type Mat<R extends number, C extends number> = Tensor<readonly [R, C]>
type Vec<N extends number> = Tensor<readonly [N]>

const forward = <B extends number, I extends number, O extends number>(x: Mat<B, I>, w: Mat<I, O>, bias: Vec<O>) =>
  pipe(x, P.matmul(w), P.addBias(bias), P.map(Math.tanh))
expectType<
  <B extends number, I extends number, O extends number>(x: Mat<B, I>, w: Mat<I, O>, bias: Vec<O>) => Mat<B, O>
>(forward)

const generic = <B extends number, I extends number, O extends number>(
  w: Mat<I, O>,
  delta: Mat<B, O>,
  z: Mat<B, I>,
) => {
  expectType<Mat<B, I>>(pipe(delta, P.matmul(P.transpose(w)), P.hadamard(z)))
  expectError(pipe(delta, P.matmul(w), P.hadamard(z)))
  expectType<Mat<I, O>>(pipe(z, P.transpose, P.matmul(delta)))
  expectError(pipe(z, P.matmul(delta)))
  expectType<Vec<O>>(pipe(delta, P.sumRows))
  expectType<Mat<I, O>>(pipe(w, P.sub(pipe(z, P.transpose, P.matmul(delta), P.scale(0.1)))))
  expectError(pipe(w, P.sub(pipe(z, P.matmul(P.transpose(delta)), P.scale(0.1)))))
}
expectType<void>(generic(zeros([784, 30]), zeros([32, 30]), zeros([32, 784])))

expectType<Tensor<readonly [1]>>(pipe(tensor([[1, 2]]), P.matmul(tensor([[3], [4]])), P.sumRows))
