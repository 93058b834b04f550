// Type tests of tensorial/node: the file readers keep F and T and the network's Θ type, and name both failures
// (FileError, DecodeError) in their Left; a Θ of another network is refused by saveModelFile like by Model.save.
import type { TaskEither } from 'fp-ts/lib/TaskEither.js'
import { pipe } from 'fp-ts/lib/function.js'
import { expectAssignable, expectError, expectType } from 'tsd'

import type { FileError } from '../../src/node/index.js'
import {
  loadModelFile,
  readCsvFile,
  readOnnx,
  saveModelFile,
  writeOnnx,
  writeSafetensors,
  writeTfjs,
} from '../../src/node/index.js'
import {
  type Codec,
  Csv,
  type Dataset,
  dense,
  type EncodeError,
  init,
  input,
  type Model,
  Random,
  sigmoid,
  tanh,
} from 'tensorial'

expectType<TaskEither<FileError | Codec.DecodeError, Dataset.Dataset<4, 3>>>(
  readCsvFile('iris.csv', { features: 4, label: 'species', target: Csv.classes(3) }),
)
expectError(readCsvFile('iris.csv', { features: 2, label: 'y', target: Csv.classes(2), featureColumns: ['a'] }))
expectType<TaskEither<FileError | Codec.DecodeError, Dataset.Dataset<2, 2>>>(
  readCsvFile('xor.csv', { features: 2, label: 'y', target: Csv.classes(2), featureColumns: ['a', 'b'] }),
)

const net = pipe(input(2), dense(3, tanh), dense(1, sigmoid))
const other = pipe(input(2), dense(4, tanh), dense(1, sigmoid))
const [theta] = init(net)(Random.seed(1))
const [otherTheta] = init(other)(Random.seed(1))

expectType<TaskEither<FileError | EncodeError, void>>(saveModelFile(net, theta, 'xor.json'))
expectError(saveModelFile(net, otherTheta, 'xor.json'))
expectType<TaskEither<FileError | Codec.DecodeError, Model.Loaded<(typeof net)['layers']>>>(
  loadModelFile(net, 'xor.json'),
)

// one argument order for every Node writer: the network, its Θ, then the path (readers: the network, then the path)
expectAssignable<TaskEither<unknown, void>>(writeOnnx(net, theta, 'xor.onnx'))
expectError(writeOnnx('xor.onnx', net, theta))
expectError(writeOnnx(net, otherTheta, 'xor.onnx'))
expectAssignable<TaskEither<unknown, void>>(writeSafetensors(net, theta, 'xor.safetensors'))
expectError(writeSafetensors('xor.safetensors', net, theta))
expectAssignable<TaskEither<unknown, void>>(writeTfjs(net, theta, 'xor-tfjs'))
expectError(writeTfjs('xor-tfjs', net, theta))
expectType<TaskEither<Codec.DecodeError, typeof theta>>(readOnnx(net, 'xor.onnx'))
