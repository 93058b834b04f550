// Type tests of the type-level functions themselves (src/core/shape.ts and the operand types of src/core/ops.ts and
// src/core/tensor.ts): as values, not compile errors, so each message is asserted exactly. A failing check is
// shown beside the passing twin that differs only in the dim under test.
import type {
  BiasRight,
  Dim,
  DimOf,
  Dynamic,
  CheckDim,
  CheckShape,
  KnownRank,
  Mat,
  MatmulRight,
  MatvecRight,
  Nested,
  SameShapeRight,
  ShapeOf,
  Show,
  Tensor,
  TensorLiteral,
  Unify,
  Vec,
} from 'tensorial'
import { dim, dynamic, numel, sameShape, showShape } from 'tensorial'
import { expectType } from 'tsd'

/** A value of type T, to assert on types. */
declare const of: <T>() => T

// -------------------------------------------------------------------------------------
// Show
// -------------------------------------------------------------------------------------

expectType<'[]'>(of<Show<readonly []>>())
expectType<'[3]'>(of<Show<readonly [3]>>())
expectType<'[2, 3]'>(of<Show<readonly [2, 3]>>())
expectType<'[2, 3, 4]'>(of<Show<readonly [2, 3, 4]>>())
// Regression: a dynamic dim used to show as the pattern `${number}`.
expectType<'[number, 3]'>(of<Show<readonly [number, 3]>>())

// -------------------------------------------------------------------------------------
// CheckDim: equal or dynamic dims pass, different literals give the message
// -------------------------------------------------------------------------------------

expectType<'ok'>(of<CheckDim<3, 3, 'ok', 'bad'>>())
expectType<'bad'>(of<CheckDim<3, 4, 'ok', 'bad'>>())
expectType<'ok'>(of<CheckDim<number, 4, 'ok', 'bad'>>())
expectType<'ok'>(of<CheckDim<3, number, 'ok', 'bad'>>())
expectType<'ok'>(of<CheckDim<number, number, 'ok', 'bad'>>())
expectType<'bad'>(of<CheckDim<0, 1, 'ok', 'bad'>>())

// -------------------------------------------------------------------------------------
// CheckShape: same rank, every dim agreeing
// -------------------------------------------------------------------------------------

expectType<'ok'>(of<CheckShape<readonly [2, 3], readonly [2, 3], 'ok', 'bad'>>())
expectType<'bad'>(of<CheckShape<readonly [2, 3], readonly [2, 4], 'ok', 'bad'>>())
expectType<'bad'>(of<CheckShape<readonly [2, 3], readonly [1, 3], 'ok', 'bad'>>())
expectType<'ok'>(of<CheckShape<readonly [3], readonly [3], 'ok', 'bad'>>())
expectType<'bad'>(of<CheckShape<readonly [3], readonly [3, 1], 'ok', 'bad'>>())
expectType<'bad'>(of<CheckShape<readonly [3, 1], readonly [3], 'ok', 'bad'>>())
expectType<'ok'>(of<CheckShape<readonly [], readonly [], 'ok', 'bad'>>())
expectType<'bad'>(of<CheckShape<readonly [], readonly [1], 'ok', 'bad'>>())
expectType<'ok'>(of<CheckShape<readonly [number, 3], readonly [2, 3], 'ok', 'bad'>>())
expectType<'bad'>(of<CheckShape<readonly [number, 3], readonly [2, 4], 'ok', 'bad'>>())
expectType<'ok'>(of<CheckShape<readonly [2, 3], readonly [2, number], 'ok', 'bad'>>())
expectType<'bad'>(of<CheckShape<readonly [2, 3], readonly [2, number, 1], 'ok', 'bad'>>())

// -------------------------------------------------------------------------------------
// Unify: the more precise of two agreeing shapes
// -------------------------------------------------------------------------------------

expectType<readonly [2, 3]>(of<Unify<readonly [2, 3], readonly [2, 3]>>())
expectType<readonly [2, 3]>(of<Unify<readonly [2, 3], readonly [number, 3]>>())
expectType<readonly [2, 3]>(of<Unify<readonly [2, number], readonly [number, 3]>>())
expectType<readonly [number, 3]>(of<Unify<readonly [number, 3], readonly [number, 3]>>())
// a dynamic dim of the FIRST shape takes the second's literal too
expectType<readonly [2, 3]>(of<Unify<readonly [number, 3], readonly [2, 3]>>())
expectType<readonly [3]>(of<Unify<readonly [number], readonly [3]>>())

// -------------------------------------------------------------------------------------
// KnownRank: a widened number[] becomes the message
// -------------------------------------------------------------------------------------

expectType<readonly [2, 3]>(of<KnownRank<readonly [2, 3], 'zeros'>>())
expectType<'zeros: shape must be a tuple of known rank such as [2, 3], got number[]'>(
  of<KnownRank<ReadonlyArray<number>, 'zeros'>>(),
)
expectType<readonly []>(of<KnownRank<readonly [], 'zeros'>>())
expectType<'ones: shape must be a tuple of known rank such as [2, 3], got number[]'>(
  of<KnownRank<Array<number>, 'ones'>>(),
)
expectType<readonly [number, 3]>(of<KnownRank<readonly [number, 3], 'fill'>>())
expectType<'fill: shape must be a tuple of known rank such as [2, 3], got number[]'>(
  of<KnownRank<readonly [3, ...Array<number>], 'fill'>>(),
)

// -------------------------------------------------------------------------------------
// Vec, Mat
// -------------------------------------------------------------------------------------

expectType<readonly [3]>(of<Vec<3>>())
expectType<readonly [2, 3]>(of<Mat<2, 3>>())

// -------------------------------------------------------------------------------------
// the operand types of the binary ops: the exact messages
// -------------------------------------------------------------------------------------

expectType<Tensor<readonly [3, 5]>>(of<MatmulRight<2, 3, 3, 5>>())
expectType<'matmul: inner dims differ (3 vs 4) in [2, 3]·[4, 5]'>(of<MatmulRight<2, 3, 4, 5>>())
expectType<Tensor<readonly [number, 5]>>(of<MatmulRight<2, 3, number, 5>>())
expectType<'matmul: inner dims differ (3 vs 4) in [number, 3]·[4, number]'>(of<MatmulRight<number, 3, 4, number>>())

expectType<Tensor<readonly [3]>>(of<MatvecRight<2, 3, 3>>())
expectType<'matvec: matrix has 3 columns but vector has length 2 in [2, 3]·[2]'>(of<MatvecRight<2, 3, 2>>())
expectType<Tensor<readonly [number]>>(of<MatvecRight<2, 3, number>>())

expectType<Tensor<readonly [3]>>(of<BiasRight<2, 3, 3>>())
expectType<'addBias: bias length 2 != row width 3 in [2, 3] + [2]'>(of<BiasRight<2, 3, 2>>())
expectType<Tensor<readonly [3]>>(of<BiasRight<number, 3, 3>>())

expectType<Tensor<readonly [2, 3]>>(of<SameShapeRight<'add', readonly [2, 3], readonly [2, 3]>>())
expectType<'add: shapes differ, [2, 3] vs [2, 4]'>(of<SameShapeRight<'add', readonly [2, 3], readonly [2, 4]>>())
expectType<Tensor<readonly [3]>>(of<SameShapeRight<'hadamard', readonly [3], readonly [3]>>())
expectType<'hadamard: shapes differ, [3] vs [3, 1]'>(of<SameShapeRight<'hadamard', readonly [3], readonly [3, 1]>>())

// -------------------------------------------------------------------------------------
// ShapeOf, TensorLiteral, Nested
// -------------------------------------------------------------------------------------

expectType<readonly []>(of<ShapeOf<1>>())
expectType<readonly [2]>(of<ShapeOf<readonly [1, 2]>>())
expectType<readonly [2, 3]>(of<ShapeOf<readonly [readonly [1, 2, 3], readonly [4, 5, 6]]>>())
expectType<readonly [2, 3] | readonly [2, 2]>(of<ShapeOf<readonly [readonly [1, 2, 3], readonly [4, 5]]>>())
expectType<readonly [number]>(of<ShapeOf<ReadonlyArray<number>>>())

expectType<readonly [readonly [1, 2], readonly [3, 4]]>(
  of<TensorLiteral<readonly [readonly [1, 2], readonly [3, 4]]>>(),
)
expectType<'tensor: ragged nested array (sub-arrays at one depth differ in length)'>(
  of<TensorLiteral<readonly [readonly [1, 2], readonly [3]]>>(),
)
expectType<readonly [readonly [1], readonly [2]]>(of<TensorLiteral<readonly [readonly [1], readonly [2]]>>())
expectType<'tensor: shape [2, number] is not known at compile time; use fromNested, which checks at run time'>(
  of<TensorLiteral<readonly [ReadonlyArray<number>, ReadonlyArray<number>]>>(),
)
// Regressions: an empty row is ragged, and the empty literal has shape [0].
expectType<'tensor: ragged nested array (sub-arrays at one depth differ in length)'>(
  of<TensorLiteral<readonly [readonly [1, 2], readonly []]>>(),
)
expectType<readonly [0]>(of<ShapeOf<readonly []>>())

expectType<number>(of<Nested<readonly []>>())
expectType<Array<number>>(of<Nested<readonly [3]>>())
expectType<Array<Array<number>>>(of<Nested<readonly [2, 3]>>())
expectType<Array<Array<Array<number>>>>(of<Nested<readonly [2, 3, 4]>>())

// -------------------------------------------------------------------------------------
// runtime helpers
// -------------------------------------------------------------------------------------

expectType<number>(numel([2, 3]))
expectType<boolean>(sameShape([2, 3], [2, 3]))
expectType<string>(showShape([2, 3]))

// -------------------------------------------------------------------------------------
// named dynamic dims
// -------------------------------------------------------------------------------------

expectType<number>(of<Dim>())
expectType<Dim<'batch'>>(dim('batch', 32))
expectType<'add: shapes differ, [batch, 3] vs [seq, 3]'>(
  of<SameShapeRight<'add', readonly [Dim<'batch'>, 3], readonly [Dim<'seq'>, 3]>>(),
)
expectType<Tensor<readonly [Dim<'batch'>, 3]>>(
  of<SameShapeRight<'add', readonly [Dim<'batch'>, 3], readonly [Dim<'batch'>, 3]>>(),
)
expectType<Tensor<readonly [4, 3]>>(of<SameShapeRight<'add', readonly [Dim<'batch'>, 3], readonly [4, 3]>>())
expectType<'matmul: inner dims differ (batch vs seq) in [3, batch]·[seq, 5]'>(
  of<MatmulRight<3, Dim<'batch'>, Dim<'seq'>, 5>>(),
)
expectType<Tensor<readonly [Dim<'batch'>, 5]>>(of<MatmulRight<3, Dim<'batch'>, Dim<'batch'>, 5>>())

// dynamic widths
expectType<Dynamic>(dynamic(3))
expectType<number>(of<DimOf<Dynamic>>())
expectType<3>(of<DimOf<3>>())
