/**
 * 02 — the lecture notes' worked example: a 2-2-1 sigmoid network with explicit parameters, one example,
 * the cost C = ½(aᴸ − y)². Prints z, a, δ², δ¹ and every ∂C/∂w, ∂C/∂b with their shapes, then one update.
 *
 * Run: npm run example:02
 */
import { pipe } from 'fp-ts/lib/function.js'
import * as E from 'fp-ts/lib/Either.js'
import {
  dense,
  forward,
  fromArrays,
  gradients,
  input,
  quadratic,
  type Shape,
  showShape,
  sigmoid,
  type Tensor,
  tensor,
  toArray,
  update,
} from 'tensorial'

const show = <S extends Shape>(name: string, t: Tensor<S>): void =>
  console.log(`${name.padEnd(16)} ${showShape(t.shape).padEnd(7)} ${JSON.stringify(toArray(t))}`)

// Θ = {W¹, b¹, W², b²}: W¹ is [2, 2] (w_ij joins input i to hidden j), W² is [2, 1].
const net = pipe(input(2), dense(2, sigmoid), dense(1, sigmoid))
const theta = pipe(
  fromArrays(net, [
    {
      W: [
        [0.15, 0.25],
        [0.2, 0.3],
      ],
      b: [0.35, 0.35],
    },
    { W: [[0.4], [0.45]], b: [0.6] },
  ]),
  E.getOrElseW((e) => {
    throw e
  }),
)

const x = tensor([[0.05, 0.1]]) // one example: a⁰
const y = tensor([[0.01]])

const trace = forward(net, theta, x)
const [l1, l2] = trace.layers
show('a⁰ = x', trace.input)
show('z¹', l1.z)
show('a¹ = σ(z¹)', l1.a)
show('z²', l2.z)
show('a² = σ(z²)', l2.a)

const { cost, grads } = gradients(net, theta, x, y, quadratic)
console.log(`C = ½(a² − y)² = ${cost}`)
// δ² = σ'(z²) ⊙ (a² − y) and δ¹ = (W² δ²) ⊙ σ'(z¹); with one example, ∂C/∂b = δ.
show('δ² = ∂C/∂b²', grads[1].b)
show('δ¹ = ∂C/∂b¹', grads[0].b)
show('∂C/∂W² = a¹⊗δ²', grads[1].W)
show('∂C/∂W¹ = a⁰⊗δ¹', grads[0].W)

const eta = 0.5
const next = update(theta, grads, eta)
show('W² − η∂C/∂W²', next[1].W)
console.log(`C after one step with η = ${eta}: ${gradients(net, next, x, y, quadratic).cost}`)
