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
