// Type tests of Dataset and Csv: constructors, decoders and ops keep F and T; a Dataset<4, 3> is not a
// Dataset<4, 2>; compile-time row, column and feature-count checks. Negative cases sit beside positive twins.
import type { Either } from 'fp-ts/lib/Either.js'
import type { State } from 'fp-ts/lib/State.js'
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import type * as t from 'io-ts'
import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd'

import { Codec, Csv, Dataset, type Dim, type Random, type ShapeError, type Tensor, zeros } from 'tensorial'

type DS<F extends number, T extends number> = Dataset.Dataset<F, T>

// ---- construction ----------------------------------------------------------------------------------------------

expectType<Either<ShapeError, DS<2, 3>>>(Dataset.dataset(zeros([4, 2]), zeros([4, 3])))
expectError(Dataset.dataset(zeros([4, 2]), zeros([3, 3])))

declare const xn: Tensor<readonly [number, 2]>
expectType<Either<ShapeError, DS<2, 3>>>(Dataset.dataset(xn, zeros([7, 3])))

expectType<Either<Codec.DecodeError, Tensor<readonly [number, 3]>>>(Dataset.oneHot([0, 2, 1], 3))

// a plain object cannot pose as a data set (the brand)
declare const x4: Tensor<readonly [number, 4]>
declare const y3: Tensor<readonly [number, 3]>
expectNotAssignable<DS<4, 3>>({ x: x4, y: y3 })

// ---- F and T are in the type ----------------------------------------------------------------------------------

declare const ds42: DS<4, 2>
declare const ds43: DS<4, 3>
const wants42 = (ds: DS<4, 2>): number => Dataset.size(ds)
expectType<number>(wants42(ds42))
expectError(wants42(ds43))
expectAssignable<DS<4, 2>>(ds42)
expectNotAssignable<DS<4, 2>>(ds43)
expectNotAssignable<DS<5, 3>>(ds43)
expectAssignable<DS<number, number>>(ds43)
expectType<Tensor<readonly [number, 4]>>(ds43.x)
expectType<Tensor<readonly [number, 3]>>(ds43.y)

// ---- ops keep the widths ---------------------------------------------------------------------------------------

expectType<Either<ShapeError, DS<4, 3>>>(Dataset.take(ds43, [0, 1]))
expectType<DS<4, 3>>(Dataset.slice(ds43, 0, 10))
expectType<Either<ShapeError, ReadonlyArray<DS<4, 3>>>>(Dataset.batches(ds43, 32))
expectType<State<Random.Rng, DS<4, 3>>>(Dataset.shuffle(ds43))
expectType<State<Random.Rng, Either<ShapeError, readonly [DS<4, 3>, DS<4, 3>]>>>(Dataset.trainTestSplit(ds43, 0.2))
expectType<State<Random.Rng, Either<ShapeError, readonly [DS<4, 3>, DS<4, 3>]>>>(Dataset.stratifiedSplit(ds43, 0.2))

const s4 = Dataset.fitStandardizer(ds43.x)
expectType<Dataset.Standardizer<4>>(s4)
expectType<Tensor<readonly [number, 4]>>(Dataset.standardize(s4, ds43.x))
expectType<Tensor<readonly [10, 4]>>(Dataset.standardize(s4, zeros([10, 4])))
expectError(Dataset.standardize(s4, zeros([10, 5])))
expectType<DS<4, 3>>(Dataset.standardizeDataset(s4, ds43))
expectError(Dataset.standardizeDataset(s4, {} as DS<5, 3>))

// ---- decoders --------------------------------------------------------------------------------------------------

const C43 = Dataset.datasetCodec(4, 3)
expectType<t.Type<DS<4, 3>, Dataset.DatasetJson, unknown>>(C43)
declare const decoded: t.TypeOf<typeof C43>
expectType<DS<4, 3>>(decoded)
expectType<Either<Codec.DecodeError, DS<4, 3>>>(Dataset.decodeJsonDataset('{}', 4, 3))

declare const text: string
const iris = Csv.decodeCsv(text, {
  features: 4,
  label: 'species',
  target: Csv.classes(['setosa', 'versicolor', 'virginica']),
})
expectType<Either<Codec.DecodeError, DS<4, 3>>>(iris)
expectType<Either<Codec.DecodeError, DS<4, 3>>>(Csv.decodeCsv(text, { features: 4, label: 4, target: Csv.classes(3) }))
expectType<Either<Codec.DecodeError, DS<2, 1>>>(
  Csv.decodeCsv(text, { features: 2, label: 'y', target: Csv.regression }),
)
declare const upload: Csv.ReadableStreamLike
expectType<TaskEither<Codec.DecodeError, DS<4, 3>>>(
  Csv.readCsvStream(upload, { features: 4, label: 'species', target: Csv.classes(3) }),
)
declare const stream: AsyncIterable<Uint8Array>
expectType<TaskEither<Codec.DecodeError, DS<4, 1>>>(
  Csv.readCsvStream(stream, { features: 4, label: 0, target: Csv.regression }),
)
expectType<Csv.Target<3>>(Csv.classes(['a', 'b', 'c']))
expectType<Csv.Target<3>>(Csv.classes(3))

// the listed feature columns must number `features`
expectType<Either<Codec.DecodeError, DS<2, 3>>>(
  Csv.decodeCsv(text, { features: 2, featureColumns: ['a', 'b'], label: 'y', target: Csv.classes(3) }),
)
expectError(Csv.decodeCsv(text, { features: 2, featureColumns: ['a', 'b', 'c'], label: 'y', target: Csv.classes(3) }))

// a decoded Dataset<4, 3> is not a Dataset<4, 2>
declare const fromCsv: Either<Codec.DecodeError, DS<4, 3>>
expectAssignable<Either<Codec.DecodeError, DS<4, 3>>>(fromCsv)
expectNotAssignable<Either<Codec.DecodeError, DS<4, 2>>>(fromCsv)

// ---- named rows: a Dim<'examples'> in x stays the rows dim of the data set and of every row op ----------------

declare const xe: Tensor<readonly [Dim<'examples'>, 4]>
declare const ye: Tensor<readonly [Dim<'examples'>, 3]>
declare const ys: Tensor<readonly [Dim<'seq'>, 3]>
expectType<Either<ShapeError, Dataset.Dataset<4, 3, Dim<'examples'>>>>(Dataset.dataset(xe, ye))
// twin: rows named differently are a compile-time mismatch
expectError(Dataset.dataset(xe, ys))
// a literal or plain row count is not kept (slices and batches change it)
expectType<Either<ShapeError, DS<4, 3>>>(Dataset.dataset(zeros([5, 4]), zeros([5, 3])))

declare const dse: Dataset.Dataset<4, 3, Dim<'examples'>>
expectType<Tensor<readonly [Dim<'examples'>, 4]>>(dse.x)
expectType<Either<ShapeError, ReadonlyArray<Dataset.Dataset<4, 3, Dim<'examples'>>>>>(Dataset.batches(dse, 16))
expectType<Dataset.Dataset<4, 3, Dim<'examples'>>>(Dataset.slice(dse, 0, 10))
expectType<Either<ShapeError, Dataset.Dataset<4, 3, Dim<'examples'>>>>(Dataset.take(dse, [0, 1]))
expectType<State<Random.Rng, Dataset.Dataset<4, 3, Dim<'examples'>>>>(Dataset.shuffle(dse))
expectType<
  State<
    Random.Rng,
    Either<
      ShapeError,
      readonly [train: Dataset.Dataset<4, 3, Dim<'examples'>>, test: Dataset.Dataset<4, 3, Dim<'examples'>>]
    >
  >
>(Dataset.trainTestSplit(dse, 0.2))
expectType<Dataset.Dataset<4, 3, Dim<'examples'>>>(Dataset.standardizeDataset(Dataset.fitStandardizer(dse.x), dse))
// a named data set is still a data set of its widths
expectAssignable<DS<4, 3>>(dse)
expectNotAssignable<DS<4, 2>>(dse)
// and its rows are not those of another name
expectNotAssignable<Dataset.Dataset<4, 3, Dim<'seq'>>>(dse)
expectAssignable<Dataset.Dataset<4, 3, Dim<'examples'>>>(dse)

// the decoders name the rows on request
expectType<t.Type<Dataset.Dataset<4, 3, Dim<'examples'>>, Dataset.DatasetJson, unknown>>(
  Dataset.datasetCodec(4, 3, { rows: 'examples' }),
)
expectType<t.Type<DS<4, 3>, Dataset.DatasetJson, unknown>>(Dataset.datasetCodec(4, 3))
expectType<Either<Codec.DecodeError, Dataset.Dataset<4, 3, Dim<'examples'>>>>(
  Dataset.decodeJsonDataset('{}', 4, 3, { rows: 'examples' }),
)
// and so does tensorCodec, with { name } for a dim
expectType<Codec.TensorCodec<readonly [Dim<'batch'>, 784]>>(Codec.tensorCodec([{ name: 'batch' }, 784]))
expectType<Codec.TensorCodec<readonly [number, 784]>>(Codec.tensorCodec([null, 784]))

// the CSV readers too
expectType<Either<Codec.DecodeError, Dataset.Dataset<2, 2, Dim<'examples'>>>>(
  Csv.decodeCsv('a,b,y\n1,2,0\n', { features: 2, label: 'y', target: Csv.classes(2), rows: 'examples' }),
)
expectType<Either<Codec.DecodeError, DS<2, 2>>>(
  Csv.decodeCsv('a,b,y\n1,2,0\n', { features: 2, label: 'y', target: Csv.classes(2) }),
)
