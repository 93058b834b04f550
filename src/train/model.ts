/**
 * Models: the model file format of `tensorial` (`save`, `load`, `encode`, `describe`: see the io module's
 * doc) and the model value `of(net, Θ, { cost, task?, standardizer? })`, which carries a network with its Θ,
 * cost, task and standardiser and offers `fit`, `fitAsync`, `evaluate`, `predict` and `save`.
 *
 * @since 0.1.0
 */
export * from '../io/model.js'
export { of, taskOf } from './model-value.js'
export type { FitConfig, Fitted, Model, ModelOptions, Predict } from './model-value.js'
