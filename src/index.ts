/**
 * tensorial: tensors whose shapes live in their types, so that `z = Wᵀa + b`, the backpropagation recursion
 * and the gradient update are dimension-checked by the compiler.
 *
 * @since 0.1.0
 */
export * from './errors.js'
export * from './ops.js'
export * from './shape.js'
export * from './tensor.js'
export * as P from './pipeable.js'
export * as Random from './random.js'
export * from './activation.js'
export * from './cost.js'
export * as Init from './init.js'
export * from './layer.js'
export * from './network.js'
export * from './backprop.js'
export * as Codec from './codec.js'
export * as Dataset from './dataset.js'
export * as Csv from './csv.js'
export * as Optim from './optimizer.js'
export * from './train.js'
export * as Model from './model.js'
