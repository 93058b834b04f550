import { describe, expect, it } from 'vitest'

import * as api from 'tensorial'

import * as node from '../src/node/index.js'

describe('public API', () => {
  it('exports the ops under the names the issue fixes', () => {
    for (const name of [
      'matmul',
      'matvec',
      'transpose',
      'add',
      'sub',
      'hadamard',
      'scale',
      'map',
      'zipWith',
      'outer',
      'addBias',
      'sumRows',
      'sum',
      'argmax',
      'reshape',
      'flatten',
      'tensor',
      'fromArray',
      'fromNested',
      'zeros',
      'ones',
      'fill',
      'eye',
      'scalar',
      'fromFunction',
      'get',
      'toArray',
    ])
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function')
  })

  it('exports the layers beyond dense and the training mode', () => {
    for (const name of [
      'dropout',
      'dropoutLayer',
      'validateDropoutRate',
      'batchNorm',
      'batchNormLayer',
      'validateBatchNormOptions',
      'forwardTraining',
      'trainingGradients',
      'nonTrainable',
      'trainableCount',
    ])
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function')
  })

  it('exports the convolution ops in the Conv namespace', () => {
    expect(Object.keys(api.Conv).sort()).toEqual([
      'addChannelBias',
      'avgPool2d',
      'avgPool2dBackward',
      'channelSums',
      'conv2d',
      'conv2dBackwardInput',
      'conv2dBackwardKernel',
      'denseHWC',
      'denseHWCBackward',
      'flatten',
      'flattenBackward',
      'maxPool2d',
      'maxPool2dBackward',
    ])
  })

  it('computes z = Wᵀa + b', () => {
    const W = api.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ])
    const z = api.add(api.matvec(api.transpose(W), api.tensor([1, 1])), api.tensor([1, 0, -1]))
    expect(z.shape).toEqual([3])
    expect(api.toArray(z)).toEqual([6, 7, 8])
  })

  it('reports its matrix-product kernel at the root', () => {
    expect(api.kernels()).toEqual({ matmul: 'wasm-simd', reason: 'WebAssembly SIMD available' })
  })

  it('keeps what needs the file system in tensorial/node, and the stream reader in the root', () => {
    expect(Object.keys(node).sort()).toEqual([
      'FileError',
      'loadModelFile',
      'progress',
      'readCsvFile',
      'readOnnx',
      'readSafetensors',
      'saveModelFile',
      'writeOnnx',
      'writeSafetensors',
      'writeTfjs',
    ])
    expect(typeof api.Csv.readCsvStream).toBe('function')
    expect('readCsvFile' in api.Csv).toBe(false)
  })
})
