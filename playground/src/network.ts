/**
 * What the page trains: a network of dense layers chosen at run time, its optimizer, and the TypeScript text
 * that defines them.
 */
import type { Activation, AnyLayer, AnyNetwork, Network } from 'tensorial'
import { dense, dynamic, elu, identity, input, leakyRelu, Optim, parameterCount, relu, sigmoid, tanh } from 'tensorial'

/** The hidden activations offered, by the name they have in tensorial. */
export const activationNames = ['tanh', 'relu', 'sigmoid', 'elu', 'leakyRelu', 'identity'] as const

/** One of {@link activationNames}. */
export type ActivationName = (typeof activationNames)[number]

const activations: Record<ActivationName, { readonly fn: Activation; readonly code: string }> = {
  tanh: { fn: tanh, code: 'tanh' },
  relu: { fn: relu, code: 'relu' },
  sigmoid: { fn: sigmoid, code: 'sigmoid' },
  elu: { fn: elu(), code: 'elu()' },
  leakyRelu: { fn: leakyRelu(), code: 'leakyRelu()' },
  identity: { fn: identity, code: 'identity' },
}

/** The optimizers offered, by their tensorial names. */
export const optimizerNames = ['sgd', 'momentum', 'rmsprop', 'adagrad', 'adam'] as const

/** One of {@link optimizerNames}. */
export type OptimizerName = (typeof optimizerNames)[number]

/** A hidden layer: its width (units) and activation. */
export interface Hidden {
  readonly width: number
  readonly activation: ActivationName
}

/** Everything that defines the model being trained. */
export interface ModelSpec {
  readonly hidden: ReadonlyArray<Hidden>
  readonly optimizer: OptimizerName
  readonly eta: number
}

/** The widest hidden layer and the most hidden layers the page offers. */
export const MAX_WIDTH = 16
export const MAX_LAYERS = 6

/**
 * The network: two inputs, the hidden layers, one sigmoid output (the probability of class 1). The widths are
 * run-time numbers, so each hidden layer is one `dense(width, σ)` call on the network so far.
 */
export const network = (hidden: ReadonlyArray<Hidden>): AnyNetwork =>
  dense(
    1,
    sigmoid,
  )(
    hidden.reduce<Network<ReadonlyArray<AnyLayer>, number, number>>(
      (net, h) => dense(dynamic(h.width), activations[h.activation].fn)(net),
      input(2),
    ),
  )

/** The optimizer of a spec, with its learning rate (the other hyper-parameters at their defaults, γ = 0.9). */
export const optimizer = (spec: ModelSpec): Optim.Optimizer => {
  switch (spec.optimizer) {
    case 'sgd':
      return Optim.sgd(spec.eta)
    case 'momentum':
      return Optim.momentum({ eta: spec.eta, gamma: 0.9 })
    case 'rmsprop':
      return Optim.rmsprop(spec.eta)
    case 'adagrad':
      return Optim.adagrad(spec.eta)
    case 'adam':
      return Optim.adam(spec.eta)
  }
}

const optimizerCode = (spec: ModelSpec): string =>
  spec.optimizer === 'momentum'
    ? `Optim.momentum({ eta: ${spec.eta}, gamma: 0.9 })`
    : `Optim.${spec.optimizer}(${spec.eta})`

/** The TypeScript text of a model, and the type the compiler infers for it. */
export interface Code {
  /** The network on one line: `pipe(input(2), dense(8, tanh), dense(1, sigmoid))`. */
  readonly definition: string
  /** The same, one layer per line. */
  readonly pipeline: string
  /** Its type with these widths as literals: `Network<readonly [Dense<2, 8>, Dense<8, 1>], 2, 1>`. */
  readonly type: string
  readonly optimizer: string
}

/** The TypeScript that defines the model, as a user would write it with these widths as literals. */
export const code = (spec: ModelSpec): Code => {
  const widths = [2, ...spec.hidden.map((h) => h.width), 1]
  const calls = [
    'input(2)',
    ...spec.hidden.map((h) => `dense(${h.width}, ${activations[h.activation].code})`),
    'dense(1, sigmoid)',
  ]
  const layers = widths.slice(1).map((w, i) => `Dense<${widths[i] as number}, ${w}>`)
  return {
    definition: `pipe(${calls.join(', ')})`,
    pipeline: `pipe(\n${calls.map((c) => `  ${c},\n`).join('')})`,
    type: `Network<readonly [${layers.join(', ')}], 2, 1>`,
    optimizer: optimizerCode(spec),
  }
}

/** The number of parameters (weights and biases) of the network of `hidden`. */
export const parameters = (hidden: ReadonlyArray<Hidden>): number => parameterCount(network(hidden))
