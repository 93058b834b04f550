import { describe, expect, it } from 'vitest'

import { drainAsync, drainSync, now, yieldToEventLoop } from '../../src/train/drive.js'

/** A generator of `n` steps that logs each step, with a fake clock that each step advances by `cost` ms. */
const machine = (n: number, cost: number, log: Array<string>, clock: { t: number }) =>
  (function* () {
    for (let i = 1; i <= n; i++) {
      clock.t += cost
      log.push(`step ${i}`)
      yield
    }
    return 'done'
  })()

describe('drainSync', () => {
  it('runs every step and returns the result', () => {
    const log: Array<string> = []
    expect(drainSync(machine(3, 1, log, { t: 0 }))).toBe('done')
    expect(log).toEqual(['step 1', 'step 2', 'step 3'])
  })
})

describe('drainAsync with a fake clock', () => {
  const run = async (n: number, cost: number, every: number) => {
    const log: Array<string> = []
    const clock = { t: 0 }
    const result = await drainAsync(machine(n, cost, log, clock), {
      every,
      now: () => clock.t,
      pause: async () => void log.push(`pause at ${clock.t}`),
    })
    return { result, log }
  }

  it('pauses once at least `every` ms have passed since the start or the last pause, between steps', async () => {
    // 5 ms per step, every 16 ms: pauses after steps 4 (20 ms), 8 (40 ms)
    const { result, log } = await run(10, 5, 16)
    expect(result).toBe('done')
    expect(log.filter((l) => l.startsWith('pause'))).toEqual(['pause at 20', 'pause at 40'])
    expect(log.indexOf('pause at 20')).toBe(log.indexOf('step 4') + 1)
  })

  it('every = 0 pauses after every step; a step longer than the slice pauses after each', async () => {
    expect((await run(3, 1, 0)).log).toEqual(['step 1', 'pause at 1', 'step 2', 'pause at 2', 'step 3', 'pause at 3'])
    expect((await run(3, 30, 16)).log.filter((l) => l.startsWith('pause'))).toHaveLength(3)
  })

  it('never pauses when the whole run fits in one slice', async () => {
    expect((await run(10, 1, 16)).log.some((l) => l.startsWith('pause'))).toBe(false)
  })
})

describe('the real clock and yield', () => {
  it('now() is monotonic', () => {
    const a = now()
    const b = now()
    expect(b).toBeGreaterThanOrEqual(a)
  })

  it('yieldToEventLoop is a macrotask: a setImmediate queued before it runs (a resolved promise would not let it)', async () => {
    let ran = false
    setImmediate(() => (ran = true))
    for (let i = 0; i < 3 && !ran; i++) await yieldToEventLoop()
    expect(ran).toBe(true)
  })
})
