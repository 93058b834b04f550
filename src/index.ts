/**
 * tensorial: tensors whose shapes live in their types, so that `z = Wᵀa + b`, the backpropagation recursion
 * and the gradient update are dimension-checked by the compiler.
 *
 * @since 0.1.0
 */
export * from './core/backend.js'
export * from './core/errors.js'
export * from './core/ops.js'
export * from './core/shape.js'
export * from './core/tensor.js'
export * as P from './core/pipeable.js'
export * as Random from './core/random.js'
export * from './nn/activation.js'
export * from './nn/cost.js'
export * as Init from './nn/init.js'
export * from './nn/layer.js'
export * from './nn/network.js'
export * from './nn/backprop.js'
export * as Codec from './io/codec.js'
export * as Dataset from './io/dataset.js'
export * as Csv from './io/csv.js'
export * as Optim from './train/optimizer.js'
export * from './train/train.js'
export * as Model from './io/model.js'
