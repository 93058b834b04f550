import { expectError, expectType } from 'tsd'
import { fromArray, tensor, zeros, type Tensor } from 'tensorial'
import type { Either } from 'fp-ts/lib/Either.js'
import type { ShapeError } from 'tensorial'

expectType<Tensor<readonly [2, 3]>>(
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]),
)
expectType<Tensor<readonly [2, 3]>>(zeros([2, 3]))
expectType<Either<ShapeError, Tensor<readonly [2, 3]>>>(fromArray([1, 2, 3, 4, 5, 6], [2, 3]))

// ragged literal: positive twin above, same rows but one shorter here
expectError(
  tensor([
    [1, 2, 3],
    [4, 5],
  ]),
)
