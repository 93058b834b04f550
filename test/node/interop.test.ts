/**
 * The Node helpers of the interchange formats (src/node/interop.ts): files written and read back, tfjs's
 * model.json and weights side by side, and failures as `Left`s naming the path.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { pipe } from 'fp-ts/lib/function.js'
import { afterAll, describe, expect, it } from 'vitest'

import {
  conv2d,
  dense,
  elu,
  flattenImage,
  init,
  input,
  inputImage,
  maxPool2d,
  Onnx,
  Random,
  relu,
  Safetensors,
  softmax,
  Tfjs,
} from 'tensorial'

import { readOnnx, readSafetensors, writeOnnx, writeSafetensors, writeTfjs } from '../../src/node/interop.js'
import { unsafeLeft, unsafeRight } from '../util.js'

const dir = mkdtempSync(join(tmpdir(), 'tensorial-interop-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const net = pipe(input(3), dense(4, elu(0.5)), dense(2, softmax))
const [theta] = init(net)(Random.seed(3))

describe('node interop helpers', () => {
  it('writes ONNX and reads it back', async () => {
    const path = join(dir, 'm.onnx')
    unsafeRight(await writeOnnx(net, theta, path, { dtype: 'float64' })())
    expect(new Uint8Array(readFileSync(path))).toEqual(unsafeRight(Onnx.encode(net, theta, { dtype: 'float64' })))
    expect(unsafeRight(await readOnnx(net, path)())).toEqual(theta)
  })

  it('writes safetensors and reads it back', async () => {
    const path = join(dir, 'm.safetensors')
    unsafeRight(await writeSafetensors(net, theta, path, { dtype: 'F64', naming: 'torch' })())
    expect(new Uint8Array(readFileSync(path))).toEqual(
      unsafeRight(Safetensors.encode(net, theta, { dtype: 'F64', naming: 'torch' })),
    )
    expect(unsafeRight(await readSafetensors(net, path)())).toEqual(theta)
  })

  it('writes model.json and the weights file it names into a new directory', async () => {
    const out = join(dir, 'tfjs', 'mnist')
    unsafeRight(await writeTfjs(net, theta, out)())
    const m = unsafeRight(Tfjs.encode(net, theta))
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'))).toEqual(m.modelJson)
    expect(new Uint8Array(readFileSync(join(out, 'weights.bin')))).toEqual(m.weightData)
  })

  it('writes and reads a CNN in every format', async () => {
    const cnn = pipe(
      inputImage([6, 6, 1]),
      conv2d({ filters: 2, kernel: 3, padding: 'same' }),
      maxPool2d(2),
      flattenImage,
      dense(2, softmax),
    )
    const [t] = init(cnn)(Random.seed(4))
    unsafeRight(await writeOnnx(cnn, t, join(dir, 'cnn.onnx'), { dtype: 'float64' })())
    expect(unsafeRight(await readOnnx(cnn, join(dir, 'cnn.onnx'))())).toEqual(t)
    unsafeRight(await writeSafetensors(cnn, t, join(dir, 'cnn.safetensors'), { dtype: 'F64', naming: 'torch' })())
    expect(unsafeRight(await readSafetensors(cnn, join(dir, 'cnn.safetensors'))())).toEqual(t)
    unsafeRight(await writeTfjs(cnn, t, join(dir, 'tfjs', 'cnn'))())
    const layers = (JSON.parse(readFileSync(join(dir, 'tfjs', 'cnn', 'model.json'), 'utf8')) as Tfjs.ModelJson)
      .modelTopology.config.layers
    expect(layers.map((l) => l.class_name)).toEqual(['Reshape', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dense'])
  })

  it('names the path of a file it cannot read, write or decode', async () => {
    const missing = join(dir, 'nope.onnx')
    expect(unsafeLeft(await readOnnx(net, missing)()).message).toMatch(/^cannot read ".*nope\.onnx": ENOENT/)
    const bad = join(dir, 'bad.safetensors')
    writeFileSync(bad, new Uint8Array(3))
    expect(unsafeLeft(await readSafetensors(net, bad)()).message).toBe(
      `${bad}: file: 3 bytes, fewer than the 8 of the header length`,
    )
    const e = unsafeLeft(await writeOnnx(net, theta, join(dir, 'no', 'such', 'dir', 'm.onnx'))())
    expect(e).toMatchObject({ _tag: 'WriteError' })
    const other = pipe(input(3), dense(4, relu), dense(2, softmax))
    expect(unsafeLeft(await readOnnx(other, join(dir, 'm.onnx'))()).message).toMatch(/has activation relu/)
  })
})
