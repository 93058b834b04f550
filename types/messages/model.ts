// Messages of Model (versioned model files): a loaded Θ has its definition's type, so it cannot feed another
// network. Each negative case sits right below its positive twin.
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import { crossEntropy, dense, init, input, Model, predict, Random, sigmoid, softmax, zeros } from 'tensorial'

const net = pipe(input(2), dense(3, sigmoid), dense(1, sigmoid))
const other = pipe(input(2), dense(4, sigmoid), dense(1, sigmoid))
declare const text: string
declare const loaded: Model.Loaded<typeof net.layers>

export const predictOk = predict(net, loaded.theta, zeros([4, 2]))
// @expect-error TS2345 predict: Θ belongs to another network (its layer shapes differ)
export const predictOther = predict(other, loaded.theta, zeros([4, 2]))

// the piped form: load, then predict
export const pipedOk = pipe(
  Model.load(net, text),
  E.map((m) => predict(net, m.theta, zeros([4, 2]))),
)
export const pipedOther = pipe(
  Model.load(other, text),
  // @expect-error TS2345 predict: Θ belongs to another network (its layer shapes differ)
  E.map((m) => predict(net, m.theta, zeros([4, 2]))),
)

// a loaded Θ keeps the input width check of predict
const cls = pipe(input(2), dense(2, softmax))
export const widthOk = pipe(
  Model.load(cls, text),
  E.map((m) => predict(cls, m.theta, zeros([4, 2]))),
)
export const widthBad = pipe(
  Model.load(cls, text),
  // @expect-error TS2345 predict: input width 3 != network input 2
  E.map((m) => predict(cls, m.theta, zeros([4, 3]))),
)

// save takes only the Θ of the network it describes
const [theta] = init(net)(Random.seed(1))
const [thetaOther] = init(other)(Random.seed(1))
export const saveOk = Model.save(net, theta, crossEntropy)
// @expect-error TS2345 save: Θ belongs to another network (its layer shapes differ)
export const saveOther = Model.save(net, thetaOther, crossEntropy)
