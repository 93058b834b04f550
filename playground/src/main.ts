/**
 * The playground page: controls, a run of training, and the drawing of its progress.
 */
import './style.css'

import * as E from 'fp-ts/lib/Either.js'
import type { Dataset, EpochMetrics } from 'tensorial'
import { init, kernels, Random } from 'tensorial'

import type { DatasetName, Points } from './datasets.js'
import { datasetNames, points, split, toDataset } from './datasets.js'
import { drawBoundary, drawCurves, EXTENT } from './draw.js'
import type { ActivationName, Hidden, OptimizerName } from './network.js'
import {
  activationNames,
  code,
  MAX_LAYERS,
  MAX_WIDTH,
  network,
  optimizer,
  optimizerNames,
  parameters,
} from './network.js'
import type { Progress, Trainer } from './trainer.js'
import { trainer } from './trainer.js'

// -------------------------------------------------------------------------------------
// settings
// -------------------------------------------------------------------------------------

interface Settings {
  readonly dataset: DatasetName
  /** Positional noise, a fraction in [0, 0.5]. */
  readonly noise: number
  readonly hidden: ReadonlyArray<Hidden>
  readonly optimizer: OptimizerName
  readonly eta: number
  readonly batchSize: number
  readonly l2: number
  readonly seed: number
  readonly showTest: boolean
}

const N_TRAIN = 200
const N_TEST = 100
const ETAS = [0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3] as const
const BATCHES = [1, 5, 10, 20, 50, 200] as const
const L2S = [0, 0.0001, 0.001, 0.01, 0.1] as const

let settings: Settings = {
  dataset: 'circles',
  noise: 0.1,
  hidden: [
    { width: 8, activation: 'tanh' },
    { width: 8, activation: 'tanh' },
  ],
  optimizer: 'adam',
  eta: 0.03,
  batchSize: 10,
  l2: 0,
  seed: 1,
  showTest: false,
}

// -------------------------------------------------------------------------------------
// elements
// -------------------------------------------------------------------------------------

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`playground: no element #${id}`)
  return el as T
}

const els = {
  start: $<HTMLButtonElement>('start'),
  step: $<HTMLButtonElement>('step'),
  reset: $<HTMLButtonElement>('reset'),
  epoch: $('epoch'),
  optimizer: $<HTMLSelectElement>('optimizer'),
  eta: $<HTMLSelectElement>('eta'),
  batch: $<HTMLSelectElement>('batch'),
  l2: $<HTMLSelectElement>('l2'),
  seed: $<HTMLInputElement>('seed'),
  datasets: $('datasets'),
  noise: $<HTMLInputElement>('noise'),
  noiseValue: $('noise-value'),
  counts: $('counts'),
  showTest: $<HTMLInputElement>('show-test'),
  layers: $('layers'),
  layerCount: $('layer-count'),
  addLayer: $<HTMLButtonElement>('add-layer'),
  removeLayer: $<HTMLButtonElement>('remove-layer'),
  paramCount: $('param-count'),
  code: $('code'),
  testLoss: $('test-loss'),
  trainLoss: $('train-loss'),
  testAccuracy: $('test-accuracy'),
  trainAccuracy: $('train-accuracy'),
  boundary: $<HTMLCanvasElement>('boundary'),
  lossChart: $<HTMLCanvasElement>('loss-chart'),
  accuracyChart: $<HTMLCanvasElement>('accuracy-chart'),
  status: $('status'),
  backend: $('backend'),
}

const options = <A extends string | number>(
  select: HTMLSelectElement,
  values: ReadonlyArray<A>,
  label: (a: A) => string = String,
): void => {
  select.replaceChildren(
    ...values.map((v) => {
      const o = document.createElement('option')
      o.value = String(v)
      o.textContent = label(v)
      return o
    }),
  )
}

// -------------------------------------------------------------------------------------
// the run
// -------------------------------------------------------------------------------------

interface Run {
  readonly settings: Settings
  readonly train: Points
  readonly test: Points
  readonly net: ReturnType<typeof network>
  readonly trainer: Trainer
}

let run: Run | undefined

const setState = (state: 'idle' | 'running' | 'stopped' | 'failed'): void => {
  document.body.dataset['state'] = state
  els.start.title = state === 'running' ? 'Stop training' : 'Start training'
  els.step.disabled = state === 'running'
}

const percent = (v: number | undefined): string => (v === undefined ? '–' : `${(v * 100).toFixed(1)} %`)

const showProgress = (r: Run, p: Progress): void => {
  els.epoch.textContent = p.epoch.toLocaleString('en-US', { minimumIntegerDigits: 6 })
  const last: EpochMetrics | undefined = p.history[p.history.length - 1]
  els.trainLoss.textContent = last === undefined ? '–' : last.train.loss.toFixed(3)
  els.testLoss.textContent = last?.validation === undefined ? '–' : last.validation.loss.toFixed(3)
  els.trainAccuracy.textContent = percent(last?.train.accuracy)
  els.testAccuracy.textContent = percent(last?.validation?.accuracy)
  const d = document.body.dataset
  d['epoch'] = String(p.epoch)
  d['trainAccuracy'] = String(last?.train.accuracy ?? '')
  d['testAccuracy'] = String(last?.validation?.accuracy ?? '')
  drawBoundary(els.boundary, { net: r.net, theta: p.theta, train: r.train, test: r.test, showTest: settings.showTest })
  drawCurves(els.lossChart, els.accuracyChart, p.history)
}

/** Three independent generators from one seed: for the data, for Θ and for shuffling. */
const generators = (seed: number): { dataRng: Random.Rng; modelRng: Random.Rng; shuffleRng: Random.Rng } => {
  const [dataRng, rest] = Random.split(Random.seed(seed))
  const [modelRng, shuffleRng] = Random.split(rest)
  return { dataRng, modelRng, shuffleRng }
}

/** A fresh run of the current settings: new data, new Θ, epoch 0. */
const reset = (): void => {
  run?.trainer.stop()
  const s = settings
  const { dataRng, modelRng, shuffleRng } = generators(s.seed)
  const { train, test } = split(s.dataset, s.noise, dataRng, N_TRAIN, N_TEST)
  const made = E.sequenceArray([toDataset(train), toDataset(test)] as const)
  if (E.isLeft(made)) {
    fail(made.left.message)
    return
  }
  const [trainSet, testSet] = made.right as readonly [Dataset.Dataset<2, 1>, Dataset.Dataset<2, 1>]
  const net = network(s.hidden)
  const [theta] = init(net)(modelRng)
  const t = trainer(
    {
      net,
      theta,
      train: trainSet,
      test: testSet,
      optimizer: optimizer(s),
      batchSize: s.batchSize,
      l2: s.l2,
      rng: shuffleRng,
    },
    (p) => {
      if (run !== undefined && run.trainer === t) showProgress(run, p)
    },
    () => new Promise((resolve) => requestAnimationFrame(resolve)),
  )
  run = { settings: s, train, test, net, trainer: t }
  setState('idle')
  els.status.textContent = ''
  showProgress(run, t.progress())
}

const fail = (message: string): void => {
  setState('failed')
  els.status.textContent = message
}

const ended = (r: Run, e: Awaited<ReturnType<Trainer['start']>>): void => {
  if (run !== r) return
  if (e._tag === 'failed') fail(`Training stopped: ${e.error.message}. Try a smaller learning rate.`)
  else setState('stopped')
}

const start = (): void => {
  const r = run
  if (r === undefined) return
  if (r.trainer.running()) {
    r.trainer.stop()
    return
  }
  setState('running')
  els.status.textContent = ''
  void r.trainer.start().then((e) => ended(r, e))
}

const step = (): void => {
  const r = run
  if (r === undefined || r.trainer.running()) return
  void r.trainer.step().then((e) => ended(r, e))
}

// -------------------------------------------------------------------------------------
// rendering of the controls
// -------------------------------------------------------------------------------------

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Colours TypeScript for the code panel: comments, keywords, the library's functions and numbers. */
const highlight = (ts: string): string =>
  ts
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('//')
        ? `<span class="cm">${escape(line)}</span>`
        : escape(line)
            .replace(/\b(const|await)\b/g, '<span class="kw">$1</span>')
            .replace(
              /\b(pipe|input|dense|trainAsync|init|split|seed|adam|sgd|momentum|rmsprop|adagrad)\(/g,
              '<span class="fn">$1</span>(',
            )
            .replace(/(?<![\w.])(\d+(?:\.\d+)?(?:e-?\d+)?)\b/g, '<span class="num">$1</span>'),
    )
    .join('\n')

const showCode = (): void => {
  const s = settings
  const c = code(s)
  const text = [
    `const net = ${c.pipeline}`,
    `// ${c.type}`,
    `// data, theta and shuffling draw from splits of Random.seed(${s.seed})`,
    `const [theta] = init(net)(modelRng)`,
    `const optimizer = ${c.optimizer}`,
    `await trainAsync(net, theta, data, {`,
    `  cost: binaryCrossEntropy, optimizer, batchSize: ${s.batchSize},${s.l2 > 0 ? ` l2: ${s.l2},` : ''}`,
    `  task: 'classification', validation: test, signal,`,
    `})(rng)()`,
  ].join('\n')
  els.code.innerHTML = highlight(text)
  els.code.dataset['definition'] = c.definition
}

const showLayers = (): void => {
  const s = settings
  els.layerCount.textContent = String(s.hidden.length)
  els.addLayer.disabled = s.hidden.length >= MAX_LAYERS
  els.removeLayer.disabled = s.hidden.length === 0
  els.layers.replaceChildren(
    ...s.hidden.map((h, i) => {
      const row = document.createElement('div')
      row.className = 'layer'
      const name = document.createElement('span')
      name.textContent = `Layer ${i + 1}`
      const units = document.createElement('div')
      units.className = 'units'
      const minus = document.createElement('button')
      minus.className = 'tiny'
      minus.textContent = '−'
      minus.title = 'Fewer units'
      minus.disabled = h.width <= 1
      minus.onclick = () => setHidden(i, { ...h, width: h.width - 1 })
      const count = document.createElement('span')
      count.textContent = `${h.width} units`
      const plus = document.createElement('button')
      plus.className = 'tiny'
      plus.textContent = '+'
      plus.title = 'More units'
      plus.disabled = h.width >= MAX_WIDTH
      plus.onclick = () => setHidden(i, { ...h, width: h.width + 1 })
      const act = document.createElement('select')
      act.setAttribute('aria-label', `Activation of layer ${i + 1}`)
      options(act, activationNames)
      act.value = h.activation
      act.onchange = () => setHidden(i, { ...h, activation: act.value as ActivationName })
      units.append(minus, count, plus, act)
      const neurons = document.createElement('div')
      neurons.className = 'neurons'
      neurons.append(...Array.from({ length: h.width }, () => document.createElement('i')))
      row.append(name, units, neurons)
      return row
    }),
  )
  els.paramCount.textContent = parameters(s.hidden).toLocaleString('en-US')
}

const thumbnails = new Map<DatasetName, HTMLCanvasElement>()

const showDatasets = (): void => {
  for (const name of datasetNames) {
    const canvas = thumbnails.get(name)
    if (canvas === undefined) continue
    ;(canvas.parentElement as HTMLElement).setAttribute('aria-pressed', String(name === settings.dataset))
    const ctx = canvas.getContext('2d') as CanvasRenderingContext2D
    const size = canvas.width
    ctx.fillStyle = '#f8fafb'
    ctx.fillRect(0, 0, size, size)
    // the training points that data set would have
    const [p] = points(name, N_TRAIN, settings.noise)(generators(settings.seed).dataRng)
    for (let i = 0; i < p.labels.length; i++) {
      const x = (((p.xs[2 * i] as number) + EXTENT) / (2 * EXTENT)) * size
      const y = ((EXTENT - (p.xs[2 * i + 1] as number)) / (2 * EXTENT)) * size
      ctx.fillStyle = p.labels[i] === 1 ? '#0877bd' : '#f59322'
      ctx.beginPath()
      ctx.arc(x, y, size / 50, 0, 2 * Math.PI)
      ctx.fill()
    }
  }
  els.noiseValue.textContent = String(Math.round(settings.noise * 100))
  els.counts.textContent = `${N_TRAIN} training and ${N_TEST} test`
}

const show = (): void => {
  showDatasets()
  showLayers()
  showCode()
}

/** New settings: redraw the controls and start a fresh run. */
const update = (next: Partial<Settings>): void => {
  settings = { ...settings, ...next }
  show()
  reset()
}

const setHidden = (i: number, h: Hidden): void =>
  update({ hidden: settings.hidden.map((old, j) => (j === i ? h : old)) })

// -------------------------------------------------------------------------------------
// wiring
// -------------------------------------------------------------------------------------

const setup = (): void => {
  options(els.optimizer, optimizerNames)
  options(els.eta, ETAS)
  options(els.batch, BATCHES)
  options(els.l2, L2S)
  els.optimizer.value = settings.optimizer
  els.eta.value = String(settings.eta)
  els.batch.value = String(settings.batchSize)
  els.l2.value = String(settings.l2)
  els.seed.value = String(settings.seed)
  els.noise.value = String(settings.noise * 100)
  els.showTest.checked = settings.showTest

  for (const name of datasetNames) {
    const b = document.createElement('button')
    b.dataset['dataset'] = name
    b.title = name
    const c = document.createElement('canvas')
    c.width = 168
    c.height = 168
    thumbnails.set(name, c)
    const label = document.createElement('span')
    label.textContent = name
    b.append(c, label)
    b.onclick = () => update({ dataset: name })
    els.datasets.append(b)
  }

  els.optimizer.onchange = () => update({ optimizer: els.optimizer.value as OptimizerName })
  els.eta.onchange = () => update({ eta: Number(els.eta.value) })
  els.batch.onchange = () => update({ batchSize: Number(els.batch.value) })
  els.l2.onchange = () => update({ l2: Number(els.l2.value) })
  els.seed.onchange = () => {
    const n = Math.trunc(Number(els.seed.value))
    if (Number.isSafeInteger(n) && n >= 0) update({ seed: n })
    else els.seed.value = String(settings.seed)
  }
  els.noise.oninput = () => update({ noise: Number(els.noise.value) / 100 })
  els.showTest.onchange = () => {
    settings = { ...settings, showTest: els.showTest.checked }
    if (run !== undefined) showProgress(run, run.trainer.progress())
  }
  els.addLayer.onclick = () => {
    if (settings.hidden.length < MAX_LAYERS)
      update({
        hidden: [...settings.hidden, settings.hidden[settings.hidden.length - 1] ?? { width: 4, activation: 'tanh' }],
      })
  }
  els.removeLayer.onclick = () => update({ hidden: settings.hidden.slice(0, -1) })
  els.start.onclick = start
  els.step.onclick = step
  els.reset.onclick = reset

  const b = kernels()
  els.backend.textContent = `matmul: ${b.matmul}`
  els.backend.title = b.reason
  els.backend.dataset['matmul'] = b.matmul
  document.body.dataset['matmul'] = b.matmul

  show()
  reset()
}

setup()
