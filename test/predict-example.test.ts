/**
 * examples/07-predict.ts: loads a saved MNIST model against the typed definition, describes it and classifies
 * a few digits; a missing or wrong file is a message for the user, never a stack trace.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { pipe } from 'fp-ts/lib/function.js'
import { afterAll, describe, expect, it } from 'vitest'

import { argmax, crossEntropy, dense, fromArray, init, input, Model, predict, Random, relu, softmax } from 'tensorial'

import { mnistNetwork, runMnist } from '../examples/04-mnist.js'
import { defaultModelPath, runPredict } from '../examples/07-predict.js'
import { loadMnist, MNIST_PIXELS } from '../examples/data/mnist.js'
import { unsafeLeft, unsafeRight } from './util.js'

const MNIST_PARAMETERS = 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10

describe('examples/07-predict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorial-predict-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  const [theta] = init(mnistNetwork)(Random.seed(1))
  const untrained = join(dir, 'untrained.json')
  writeFileSync(untrained, unsafeRight(Model.save(mnistNetwork, theta, crossEntropy)))

  it('describes the file: layers, shapes, parameter count', () => {
    const r = unsafeRight(runPredict(untrained, 10))
    expect(r.description.parameterCount).toBe(MNIST_PARAMETERS)
    expect(r.description.layers.map((l) => [l.inputs, l.outputs, l.activation, l.params])).toEqual([
      [784, 128, 'relu', { W: [784, 128], b: [128] }],
      [128, 64, 'relu', { W: [128, 64], b: [64] }],
      [64, 10, 'softmax', { W: [64, 10], b: [10] }],
    ])
    const text = r.lines.join('\n')
    expect(text).toContain(`model ${untrained}`)
    expect(text).toContain('format version 1, 784 inputs → 10 outputs, cost crossEntropy')
    expect(text).toMatch(/layer 1 {2}dense +784 → 128 +relu +W \[784, 128\] {2}b \[128\]/)
    expect(text).toMatch(/layer 3 {2}dense +64 → 10 +softmax +W \[64, 10\] {2}b \[10\]/)
    expect(text).toContain('109,386 parameters')
  })

  it('predicts count digits with the saved Θ: true labels from the loader, predictions as predict gives them', () => {
    const count = 12
    const r = unsafeRight(runPredict(untrained, count))
    expect(r.predictions).toHaveLength(count)
    const mnist = loadMnist()
    const rows = r.predictions.map((q) => q.row)
    expect(new Set(rows).size).toBe(count)
    // the first ten rows shown are the ten digits
    expect(r.predictions.slice(0, 10).map((q) => q.actual)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    const pixels = new Float64Array(count * MNIST_PIXELS)
    rows.forEach((row, k) => {
      expect(r.predictions[k]?.actual).toBe(mnist.labels[row])
      pixels.set(mnist.images.subarray(row * MNIST_PIXELS, (row + 1) * MNIST_PIXELS), k * MNIST_PIXELS)
    })
    const expected = argmax(predict(mnistNetwork, theta, unsafeRight(fromArray(pixels, [count, MNIST_PIXELS]))))
    expect(r.predictions.map((q) => q.predicted)).toEqual(expected)
    for (const q of r.predictions) {
      expect(q.predicted).toBeGreaterThanOrEqual(0)
      expect(q.predicted).toBeLessThan(10)
      expect(q.probability).toBeGreaterThan(0)
      expect(q.probability).toBeLessThanOrEqual(1)
    }
    expect(r.correct).toBe(r.predictions.filter((q) => q.predicted === q.actual).length)
    const text = r.lines.join('\n')
    expect(text).toContain(`${count} digits (row: predicted, true label):`)
    expect(text).toMatch(/row +0: predicted \d \(p [01]\.\d{3}\) {2}true 0 {2}(ok|WRONG)/)
    expect(text).toContain(`${r.correct} of ${count} correct`)
  })

  it('a briefly trained model (1,000 digits, 2 epochs) gets most digits right', () => {
    const trained = runMnist({ epochs: 2, seed: 1, limit: 1000, progress: false, outputDir: join(dir, 'trained') })
    const r = unsafeRight(runPredict(trained.modelPath, 40))
    expect(r.correct).toBeGreaterThanOrEqual(24)
  })

  it('a missing file: a message telling to run `npm run example` first', () => {
    const missing = join(dir, 'nope.json')
    const message = unsafeLeft(runPredict(missing, 5))
    expect(message).toContain(`no model file at ${missing}`)
    expect(message).toContain('run `npm run example` first')
  })

  it('a model of another architecture: the path-precise message of Model.load', () => {
    const small = pipe(input(784), dense(30, relu), dense(10, softmax))
    const path = join(dir, 'small.json')
    writeFileSync(path, unsafeRight(Model.save(small, init(small)(Random.seed(2))[0])))
    const message = unsafeLeft(runPredict(path, 5))
    expect(message).toContain('is not a model of the MNIST network')
    expect(message).toContain('layers: expected 3 layers, got 2')
  })

  it('a truncated file: the JSON error', () => {
    const path = join(dir, 'truncated.json')
    writeFileSync(path, unsafeRight(Model.save(mnistNetwork, theta)).slice(0, 1000))
    const message = unsafeLeft(runPredict(path, 5))
    expect(message).toContain('is not a tensorial model file')
    expect(message).toContain('invalid JSON: ')
  })

  it('a count out of range', () => {
    expect(unsafeLeft(runPredict(untrained, 0))).toContain('count must be an integer from 1 to 10000, got 0')
    expect(unsafeLeft(runPredict(untrained, 2.5))).toContain('got 2.5')
  })

  it('the default path is where 04-mnist writes its model', () => {
    expect(defaultModelPath.endsWith(join('examples', 'output', 'mnist-model.json'))).toBe(true)
  })

  describe('the command line', () => {
    const run = (...args: ReadonlyArray<string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'examples/07-predict.ts', ...args], { encoding: 'utf8' })

    it('a missing file: exit code 1, the message on stderr, no stack trace', () => {
      const r = run(join(dir, 'nope.json'))
      expect(r.status).toBe(1)
      expect(r.stderr).toContain('run `npm run example` first')
      expect(r.stderr).not.toMatch(/^\s+at /m)
      expect(r.stdout).toBe('')
    })

    it('a model file and --count: the description and the predictions on stdout', () => {
      const r = run(untrained, '--count', '3')
      expect(r.stderr).toBe('')
      expect(r.status).toBe(0)
      expect(r.stdout).toContain('109,386 parameters')
      expect(r.stdout).toContain('3 digits (row: predicted, true label):')
      expect(r.stdout.match(/^ {2}row /gm)).toHaveLength(3)
    })
  })
})
