// Messages of Dataset and Csv. Each negative case sits right below its positive twin.
import { Csv, Dataset, zeros } from 'tensorial'

export const rows = Dataset.dataset(zeros([4, 2]), zeros([4, 3]))
// @expect-error TS2345 dataset: x has 4 rows but y has 3
export const rowsBad = Dataset.dataset(zeros([4, 2]), zeros([3, 3]))

const s4 = Dataset.fitStandardizer(zeros([10, 4]))
export const std = Dataset.standardize(s4, zeros([5, 4]))
// @expect-error TS2345 standardize: standardizer has 4 columns but x has 5
export const stdBad = Dataset.standardize(s4, zeros([5, 5]))

declare const ds42: Dataset.Dataset<4, 2>
declare const ds43: Dataset.Dataset<4, 3>
const wants42 = (ds: Dataset.Dataset<4, 2>): number => Dataset.size(ds)
export const n42 = wants42(ds42)
// @expect-error TS2345 'Dataset<4, 3, number>' is not assignable to parameter of type 'Dataset<4, 2, number>'
export const n43 = wants42(ds43)

export const sd = Dataset.standardizeDataset(s4, ds43)
// @expect-error TS2345 standardize: standardizer has 2 columns but x has 4
export const sdBad = Dataset.standardizeDataset(Dataset.fitStandardizer(zeros([3, 2])), ds43)

declare const text: string
export const cols = Csv.decodeCsv(text, { features: 2, featureColumns: ['a', 'b'], label: 'y', target: Csv.classes(3) })
export const colsBad = Csv.decodeCsv(text, {
  features: 2,
  // @expect-error TS2322 csv: 3 feature columns listed, but features is 2
  featureColumns: ['a', 'b', 'c'],
  label: 'y',
  target: Csv.classes(3),
})

// a data set object literal is not a Dataset: only dataset() and the decoders make one
export const made: Dataset.Dataset<4, 3> = ds43
// @expect-error TS2741 Property '[DatasetBrand]' is missing
export const literal: Dataset.Dataset<4, 3> = { x: ds43.x, y: ds43.y }
