/**
 * Shared by the interop tests: the fixtures under test/fixtures/interop, what the reference implementations
 * recorded about them (scripts/fixtures/make-interop-fixtures.py), and networks of run-time widths.
 */
import { readFileSync } from 'node:fs'

import {
  dynamic,
  type Activation,
  type ActivationSpec,
  type AnyNetwork,
  dense,
  init,
  input,
  type ParamSet,
  Random,
} from 'tensorial'

export const FIXTURES = 'test/fixtures/interop'

/** A fixture file's bytes. */
export const fixture = (f: string): Uint8Array => new Uint8Array(readFileSync(`${FIXTURES}/${f}`))

/** A model made by PyTorch (or onnx.helper): its layers, inputs `x` and the reference outputs `y`. */
export interface RefModel {
  readonly file: string
  readonly inputs: number
  readonly layers: ReadonlyArray<{ readonly units: number; readonly activation: ActivationSpec }>
  readonly x: ReadonlyArray<ReadonlyArray<number>>
  readonly y: ReadonlyArray<ReadonlyArray<number>>
  readonly safetensors?: string
}

/** What the fixture script recorded: PyTorch's models, and the reference readers' verdicts on our files. */
export const reference = JSON.parse(readFileSync(`${FIXTURES}/reference.json`, 'utf8')) as {
  readonly models: Readonly<Record<string, RefModel>>
  readonly readers: Readonly<Record<string, Record<string, unknown>>>
}

/** A network of run-time widths: dense layers of the given widths and activations. */
export const mlp = (inputs: number, layers: ReadonlyArray<readonly [number, Activation]>): AnyNetwork =>
  layers.reduce<AnyNetwork>(
    (net, [w, a]) => dense(dynamic(w), a)(net) as unknown as AnyNetwork,
    input(dynamic(inputs)) as AnyNetwork,
  )

/** Θ of a network of run-time widths, from a seed. */
export const thetaOf = (net: AnyNetwork, seed: number): ReadonlyArray<ParamSet> =>
  init(net)(Random.seed(seed))[0] as unknown as ReadonlyArray<ParamSet>

/** The largest |a − b| over two equally long arrays (∞ when the lengths differ). */
export const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) return Infinity
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)))
  return m
}
