import { Writable } from 'node:stream'

import { describe, expect, it } from 'vitest'

import type { BatchInfo, EpochMetrics } from 'tensorial'

import { progress } from '../../src/node/progress.js'

/** A writable that records what is written; `isTTY` as asked. */
const sink = (isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } => {
  const chunks: Array<string> = []
  const w = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(String(chunk))
      done()
    },
  })
  return Object.assign(w, { isTTY, columns: 100, text: () => chunks.join('') })
}

const run = (r: { onBatch: (b: BatchInfo) => void; onEpoch: (m: EpochMetrics) => void }, epochs: number): void => {
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let batch = 1; batch <= 3; batch++) r.onBatch({ epoch, batch, batches: 3, loss: 1 / (epoch * batch) })
    r.onEpoch({ epoch, train: { loss: 0.5 / epoch, accuracy: 0.5 + epoch / 10 }, validation: { loss: 0.6 / epoch } })
  }
}

// strips ANSI escapes (cursor moves, line clears) from terminal output
const plain = (s: string): string => s.replace(/\x1B(\[[0-9;?]*[A-Za-z]|[78])/g, '')

describe('progress (Node)', () => {
  it('without a TTY writes exactly one line per epoch', () => {
    const out = sink(false)
    const times = [0, 1000, 2000]
    let i = 0
    run(progress({ stream: out, epochs: 2, batchSize: 4, now: () => times[i++] as number }), 2)
    expect(out.text()).toBe(
      'epoch 1/2 - 1.00 s - 12.0 ex/s - loss 0.5000 - accuracy 0.6000 - val_loss 0.6000\n' +
        'epoch 2/2 - 1.00 s - 12.0 ex/s - loss 0.2500 - accuracy 0.7000 - val_loss 0.3000\n',
    )
  })

  it('on a TTY draws a bar through the epoch, then clears it for the epoch line', () => {
    const out = sink(true)
    const r = progress({ stream: out, epochs: 2 })
    r.onBatch({ epoch: 1, batch: 1, batches: 3, loss: 0.75 })
    const during = plain(out.text())
    expect(during).toMatch(/epoch 1\/2 \[[█░]{30}\] 1\/3 \| loss 0\.7500 \| ETA/)
    r.onBatch({ epoch: 1, batch: 2, batches: 3, loss: 0.5 })
    r.onBatch({ epoch: 1, batch: 3, batches: 3, loss: 0.25 })
    r.onEpoch({ epoch: 1, train: { loss: 0.5 } })
    const text = plain(out.text())
    expect(text).toMatch(/epoch 1\/2 - \d+\.\d\d s - \S+ batch\/s - loss 0\.5000\n$/)
    expect(out.text()).toContain('\x1B[?25h') // the cursor is shown again
  })

  it('bar: false writes only the lines on a TTY; stop() ends a bar left by an unfinished epoch', async () => {
    const quiet = sink(true)
    run(progress({ stream: quiet, bar: false }), 1)
    expect(quiet.text().split('\n')).toHaveLength(2)
    const out = sink(true)
    const r = progress({ stream: out })
    r.onBatch({ epoch: 1, batch: 1, batches: 100, loss: 1 })
    r.stop()
    const after = out.text().length
    await new Promise((resolve) => setTimeout(resolve, 250)) // past cli-progress's redraw interval
    expect(out.text().length).toBe(after)
    r.stop() // idempotent
  })
})
