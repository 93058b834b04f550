/**
 * safetensors of conv and pooling layers (default naming): `layers.{l}.K: [KH, KW, C, F]` and `layers.{l}.b:
 * [F]`, pooling layers with no tensors, the layer kinds in `__metadata__`; read back bit for bit in F64.
 */
import { pipe } from 'fp-ts/lib/function.js'
import { describe, expect, it } from 'vitest'

import {
  avgPool2d,
  conv2d,
  conv2dLayer,
  dense,
  flattenImage,
  init,
  inputImage,
  maxPool2d,
  predict,
  Random,
  Safetensors,
  sequential,
  softmax,
  tanh,
  toArray,
} from 'tensorial'

import { unsafeLeft, unsafeRight } from '../util.js'

const cnn = pipe(
  inputImage([14, 10, 2]),
  conv2d({ filters: 4, kernel: 3, padding: 'same' }),
  maxPool2d(2),
  conv2d({ filters: 3, kernel: 3, stride: 2, activation: tanh }),
  avgPool2d(2, 1),
  flattenImage,
  dense(3, softmax),
)
const [theta] = init(cnn)(Random.seed(11))

describe('Safetensors of conv and pooling layers', () => {
  it('round-trips bit for bit in F64, and to the float32 values in F32', () => {
    expect(unsafeRight(Safetensors.decode(cnn, unsafeRight(Safetensors.encode(cnn, theta, { dtype: 'F64' }))))).toEqual(
      theta,
    )
    const f32 = unsafeRight(Safetensors.decode(cnn, unsafeRight(Safetensors.encode(cnn, theta))))
    expect(Array.from(f32[0].K.data)).toEqual(Array.from(theta[0].K.data, Math.fround))
    expect(f32[0].K.shape).toEqual([3, 3, 2, 4])
    expect(f32[1]).toEqual({})
  })

  it('names K and b with their shapes, and carries the layer kinds and geometry in __metadata__', () => {
    const h = unsafeRight(Safetensors.readHeader(unsafeRight(Safetensors.encode(cnn, theta))))
    expect(h.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['layers.0.K', [3, 3, 2, 4]],
      ['layers.0.b', [4]],
      ['layers.2.K', [3, 3, 4, 3]],
      ['layers.2.b', [3]],
      ['layers.4.W', [6, 3]],
      ['layers.4.b', [3]],
    ])
    const arch = JSON.parse(h.metadata['tensorial.architecture'] as string) as {
      readonly layers: ReadonlyArray<Record<string, unknown>>
    }
    expect(arch.layers.map((l) => l.kind)).toEqual(['conv2d', 'maxPool2d', 'conv2d', 'avgPool2d', 'dense'])
    expect(arch.layers[0]).toMatchObject({ image: [14, 10, 2], filters: 4, kernel: 3, stride: 1, padding: 'same' })
    expect(arch.layers[3]).toMatchObject({ image: [3, 2, 3], size: 2, stride: 1 })
  })

  it('predicts the same after the round trip', () => {
    const back = unsafeRight(Safetensors.decode(cnn, unsafeRight(Safetensors.encode(cnn, theta, { dtype: 'F64' }))))
    const [xs] = Random.normals(2 * 280)(Random.seed(1))
    const x = { shape: [2, 280], data: Float64Array.from(xs) }
    expect(toArray(predict(cnn, back, x as never))).toEqual(toArray(predict(cnn, theta, x as never)))
  })

  it('names a kernel of another shape, and a missing one', () => {
    const wider = pipe(
      inputImage([14, 10, 2]),
      conv2d({ filters: 5, kernel: 3, padding: 'same' }),
      maxPool2d(2),
      conv2d({ filters: 3, kernel: 3, stride: 2, activation: tanh }),
      avgPool2d(2, 1),
      flattenImage,
      dense(3, softmax),
    )
    const bytes = unsafeRight(Safetensors.encode(cnn, theta))
    expect(unsafeLeft(Safetensors.decode(wider, bytes)).message).toBe(
      'header["layers.0.K"].shape: expected [3, 3, 2, 5], got [3, 3, 2, 4]',
    )
    const noPool = pipe(
      inputImage([14, 10, 2]),
      conv2d({ filters: 4, kernel: 3, padding: 'same', stride: 2 }),
      conv2d({ filters: 3, kernel: 3, stride: 2, activation: tanh }),
      avgPool2d(2, 1),
      flattenImage,
      dense(3, softmax),
    )
    expect(unsafeLeft(Safetensors.decode(noPool, bytes)).message).toBe(
      'header: unexpected tensor "layers.2.K", "layers.2.b", "layers.4.W", "layers.4.b" (this network, in tensorial naming, has layers.0.K, layers.0.b, layers.1.K, layers.1.b, layers.3.W, layers.3.b)',
    )
  })

  it('names a stride, padding or window that the file records differently (the shapes cannot show them)', () => {
    const bytes = unsafeRight(Safetensors.encode(cnn, theta))
    const max = pipe(
      inputImage([14, 10, 2]),
      conv2d({ filters: 4, kernel: 3, padding: 'same' }),
      maxPool2d(2),
      conv2d({ filters: 3, kernel: 3, stride: 2, activation: tanh }),
      maxPool2d(2, 1),
      flattenImage,
      dense(3, softmax),
    )
    expect(unsafeLeft(Safetensors.decode(max, bytes)).message).toBe(
      '__metadata__["tensorial.architecture"].layers[3].kind: the file\'s layer 4 has "avgPool2d", the network\'s (maxPool2d) has "maxPool2d"',
    )
    const same = pipe(inputImage([4, 4, 1]), conv2d({ filters: 1, kernel: 1, padding: 'same' }))
    const valid = pipe(inputImage([4, 4, 1]), conv2d({ filters: 1, kernel: 1 }))
    const [t] = init(same)(Random.seed(1))
    expect(unsafeLeft(Safetensors.decode(valid, unsafeRight(Safetensors.encode(same, t)))).message).toBe(
      '__metadata__["tensorial.architecture"].layers[0].padding: the file\'s layer 1 has "same", the network\'s (conv2d) has "valid"',
    )
  })

  it("names the tensors as torch's nn.Sequential(Conv2d, ReLU, MaxPool2d, …, Flatten, Linear, Softmax) does", () => {
    const bytes = unsafeRight(Safetensors.encode(cnn, theta, { naming: 'torch', dtype: 'F64' }))
    const h = unsafeRight(Safetensors.readHeader(bytes))
    // Conv2d 0, ReLU 1, MaxPool2d 2, Conv2d 3, Tanh 4, AvgPool2d 5, Flatten 6, Linear 7, Softmax 8
    expect(h.tensors.map((t) => [t.name, t.shape])).toEqual([
      ['0.weight', [4, 2, 3, 3]],
      ['0.bias', [4]],
      ['3.weight', [3, 4, 3, 3]],
      ['3.bias', [3]],
      ['7.weight', [3, 6]],
      ['7.bias', [3]],
    ])
    expect(unsafeRight(Safetensors.decode(cnn, bytes))).toEqual(theta)
    // K[p, q, c, f] is weight[f, c, p, q]; the Linear's input j = (c·H + h)·W + w is tensorial's (h·W + w)·C + c
    const f64 = (t: Safetensors.TensorEntry) => new Float64Array(h.data.slice(t.begin, t.end).buffer)
    const w0 = f64(h.tensors[0]!)
    expect(w0[((1 * 2 + 1) * 3 + 2) * 3 + 0]).toBe(theta[0].K.data[((2 * 3 + 0) * 2 + 1) * 4 + 1])
    const wf = f64(h.tensors[4]!)
    // image [3, 2, 3] after the last conv, avg pool 2 stride 1 → [2, 1, 3]: torch input (c=2, h=1, w=0) = 2·2 + 1 = 5
    expect(wf[2 * 6 + 5]).toBe(theta[4].W.data[((1 * 1 + 0) * 3 + 2) * 3 + 2])
  })

  it('is a Left for what nn.Sequential cannot express: an image layer after a dense one, a softmax conv', () => {
    const after = pipe(inputImage([4, 4, 1]), conv2d({ filters: 1, kernel: 1 }), flattenImage, dense(16, tanh))
    const late = sequential(after.layers[0], after.layers[1], conv2dLayer([4, 4, 1], { filters: 2, kernel: 3 }))
    const [t] = init(late)(Random.seed(1))
    expect(unsafeLeft(Safetensors.encode(late, t, { naming: 'torch' })).message).toBe(
      'layer 3 ("conv2d"): the torch naming maps a CNN to nn.Sequential(Conv2d, …, Flatten, Linear, …); an image layer must start the network or follow another image layer',
    )
    const soft = pipe(inputImage([4, 4, 1]), conv2d({ filters: 2, kernel: 3, activation: softmax }))
    const [ts] = init(soft)(Random.seed(1))
    expect(unsafeLeft(Safetensors.encode(soft, ts, { naming: 'torch' })).message).toContain(
      "a conv layer's softmax over the whole image has no module",
    )
    // and decode says the same of a torch-named file
    const [tc] = init(cnn)(Random.seed(2))
    const file = unsafeRight(Safetensors.encode(cnn, tc, { naming: 'torch' }))
    expect(unsafeLeft(Safetensors.decode(late, file)).message).toContain('an image layer must start the network')
  })
})
