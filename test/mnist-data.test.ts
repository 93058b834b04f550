import { describe, expect, it } from 'vitest'

import { loadMnist, MNIST_CLASSES, MNIST_PIXELS, readMnist } from '../examples/data/mnist.js'

describe('examples/data/mnist', () => {
  const data = loadMnist()

  it('has 10,000 images of 784 pixels and one label each', () => {
    expect(data.count).toBe(10_000)
    expect(data.images.length).toBe(10_000 * MNIST_PIXELS)
    expect(data.labels.length).toBe(10_000)
  })

  it('has pixels in [0, 1], no NaN, and not all of one value', () => {
    let min = Infinity
    let max = -Infinity
    let nonFinite = 0
    for (const v of data.images) {
      if (!Number.isFinite(v)) nonFinite++
      if (v < min) min = v
      if (v > max) max = v
    }
    expect(nonFinite).toBe(0)
    expect(min).toBe(0)
    expect(max).toBe(1)
  })

  it('has every digit 0–9 with a plausible count', () => {
    const counts = new Array<number>(MNIST_CLASSES).fill(0)
    for (const label of data.labels) {
      expect(Number.isInteger(label) && label >= 0 && label < MNIST_CLASSES).toBe(true)
      counts[label]++
    }
    for (const c of counts) {
      expect(c).toBeGreaterThan(800)
      expect(c).toBeLessThan(1200)
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000)
  })

  it('interleaves the digits: the first rows cycle 0…9', () => {
    expect(Array.from(data.labels.subarray(0, 20))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ])
  })

  it('has images that look like digits: some ink, mostly background', () => {
    for (const row of [0, 1, 4321, 9999]) {
      const image = data.images.subarray(row * MNIST_PIXELS, (row + 1) * MNIST_PIXELS)
      const ink = image.reduce((n, v) => n + (v > 0.5 ? 1 : 0), 0)
      expect(ink).toBeGreaterThan(20)
      expect(ink).toBeLessThan(MNIST_PIXELS / 2)
    }
  })

  it('is deterministic: two fresh reads are identical, and loadMnist caches', () => {
    const again = readMnist()
    expect(again.count).toBe(data.count)
    expect(Buffer.from(again.images.buffer).equals(Buffer.from(data.images.buffer))).toBe(true)
    expect(Buffer.from(again.labels.buffer).equals(Buffer.from(data.labels.buffer))).toBe(true)
    expect(loadMnist()).toBe(data)
  })
})
