import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import * as E from 'fp-ts/lib/Either.js'
import { pipe } from 'fp-ts/lib/function.js'
import { afterAll, describe, expect, it } from 'vitest'

import { FileError, loadModelFile, saveModelFile } from '../../src/node/index.js'
import { binaryCrossEntropy, dense, init, input, map, Model, Random, sigmoid, tanh, toArrays } from 'tensorial'

import { unsafeRight } from '../util.js'

const net = pipe(input(2), dense(3, tanh), dense(1, sigmoid))
const other = pipe(input(2), dense(4, tanh), dense(1, sigmoid))
const [theta] = init(net)(Random.seed(7))

describe('saveModelFile and loadModelFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorial-model-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('round-trip Θ and the cost bit for bit, writing exactly Model.save’s text', async () => {
    const path = join(dir, 'xor.model.json')
    expect(await saveModelFile(net, theta, path, binaryCrossEntropy)()).toEqual(E.right(undefined))
    expect(readFileSync(path, 'utf8')).toBe(unsafeRight(Model.save(net, theta, binaryCrossEntropy)))
    expect(readdirSync(dir)).toEqual(['xor.model.json'])
    const r = await loadModelFile(net, path)()
    if (E.isLeft(r)) return expect.fail(r.left.message)
    expect(toArrays(r.right.theta)).toEqual(toArrays(theta))
    expect(r.right.cost?.spec).toEqual(binaryCrossEntropy.spec)
  })

  it('a file of another architecture is a DecodeError naming the place', async () => {
    const path = join(dir, 'other.model.json')
    writeFileSync(path, unsafeRight(Model.save(net, theta)))
    const r = await loadModelFile(other, path)()
    expect(E.isLeft(r) && r.left._tag).toBe('DecodeError')
    expect(E.isLeft(r) && r.left.message).toBe('layers[0].outputs: expected 4, got 3')
  })

  it('a Θ with a non-finite entry is an EncodeError naming the layer, and nothing is written', async () => {
    const path = join(dir, 'nan.model.json')
    const [t] = init(net)(Random.seed(1))
    const bad: typeof t = [{ ...t[0], b: map(t[0].b, () => NaN) }, t[1]]
    const r = await saveModelFile(net, bad, path)()
    expect(E.isLeft(r) && r.left._tag).toBe('EncodeError')
    expect(E.isLeft(r) && r.left.message).toContain('layer 1 (b)')
    expect(existsSync(path)).toBe(false)
    expect(readdirSync(dir).filter((f) => f.startsWith('nan.'))).toEqual([])
  })

  it('a missing file is a FileError; an unwritable path is one too, and leaves no temporary file', async () => {
    const missing = await loadModelFile(net, join(dir, 'nope.json'))()
    expect(E.isLeft(missing) && missing.left).toMatchObject({ _tag: 'FileError', operation: 'read', code: 'ENOENT' })
    const into = join(dir, 'no-such-dir', 'm.json')
    const w = await saveModelFile(net, theta, into)()
    if (E.isRight(w)) return expect.fail('expected a Left')
    expect(w.left).toBeInstanceOf(FileError)
    expect(w.left).toMatchObject({ operation: 'write', code: 'ENOENT', path: into })
    expect(w.left.message).toContain('cannot write')
    const onDir = await saveModelFile(net, theta, dir)()
    expect(E.isLeft(onDir) && onDir.left._tag).toBe('FileError')
    expect(existsSync(dir)).toBe(true)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
