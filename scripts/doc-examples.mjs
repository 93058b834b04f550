// Compiles every `@example` block of the doc comments in src/**/*.ts with the type-message harness: each block is
// written to types/.generated/examples/<file>-<n>.ts (a module importing from 'tensorial' and 'tensorial/node',
// the built package) and must compile, so an example that no longer fits the API fails `npm test`. A block runs
// from the line after `@example` to the next tag or the end of the comment; a ``` fence inside it is dropped.
//
// As in a doc page, a block may use without importing them: the exports of 'tensorial' and 'tensorial/node', the
// members of the namespace its file is (`uniform` in src/core/random.ts is `Random.uniform`), Node's `assert`, and
// the context of CONTEXT below (a 4-8-3 classifier `net` with `theta`, a data set `ds`, a train `config` and a
// generator `rng`). Only the names a block uses and does not declare itself are added.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import ts from 'typescript'

import { check } from './type-messages.mjs'

const CONTEXT = `import { crossEntropy, type Dataset, init, mlp, Optim, Random, relu, softmax } from 'tensorial'
export const net = mlp(4, [8, 3], relu, softmax)
export const [theta, rng] = init(net)(Random.seed(1))
export declare const ds: Dataset<4, 3>
export const config = {
  cost: crossEntropy,
  optimizer: Optim.adam(0.01),
  epochs: 5,
  batchSize: 16,
  task: 'classification',
} as const
`
const contextNames = ['net', 'theta', 'rng', 'ds', 'config']

/** The export names of the built entry points and of the root's namespaces, read with the compiler. */
const exportsOf = () => {
  const files = [resolve('dist/index.d.ts'), resolve('dist/node/index.d.ts')]
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  })
  const checker = program.getTypeChecker()
  const names = (f) => checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(f)))
  const root = names(files[0])
  const namespaces = new Map()
  for (const sym of root) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym
    if (target.flags & ts.SymbolFlags.ValueModule)
      namespaces.set(
        sym.name,
        checker.getExportsOfModule(target).map((m) => m.name),
      )
  }
  return { root: new Set(root.map((s) => s.name)), node: new Set(names(files[1]).map((s) => s.name)), namespaces }
}

/** The namespace each source file is, from `export * as X from './path.js'` (or `import * as M` … `M as X`) in src/index.ts. */
const namespaceFiles = () => {
  const index = readFileSync('src/index.ts', 'utf8')
  const out = new Map()
  for (const m of index.matchAll(/export \* as (\w+) from '\.\/(.+?)\.js'/g)) out.set(`src/${m[2]}.ts`, m[1])
  for (const m of index.matchAll(/import \* as (\w+) from '\.\/(.+?)\.js'/g)) {
    const as = new RegExp(`export \\{ ${m[1]} as (\\w+) \\}`).exec(index)
    if (as) out.set(`src/${m[2]}.ts`, as[1])
  }
  // a namespace's file may re-export another module whole (src/train/model.ts: `export * from '../io/model.js'`)
  for (const [file, ns] of [...out]) {
    const dirOf = file.slice(0, file.lastIndexOf('/'))
    for (const m of readFileSync(file, 'utf8').matchAll(/export \* from '(.+?)\.js'/g))
      out.set(join(dirOf, `${m[1]}.ts`).replace(/\\/g, '/'), ns)
  }
  return out
}

/** The identifiers a block uses (outside strings and comments, not after a dot) and those it declares or imports. */
const scan = (code) => {
  const bare = code.replace(/\/\/.*$/gm, '').replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, "''")
  const used = new Set([...bare.matchAll(/(?<!(?<!\.)\.)(?<![\w$])([A-Za-z_$][\w$]*)/g)].map((m) => m[1]))
  const declared = new Set()
  for (const m of bare.matchAll(/import\s+(?:type\s+)?([^;]*?)\s+from\s*''/g))
    for (const n of m[1].replace(/\b\w+\s+as\s+/g, '').matchAll(/[A-Za-z_$][\w$]*/g)) declared.add(n[0])
  for (const m of bare.matchAll(
    /^(?:export\s+)?(?:const|let|var|function|class|type|interface)\s+(\[[^\]]*\]|\{[^}]*\}|[A-Za-z_$][\w$]*)/gm,
  ))
    for (const n of m[1].matchAll(/[A-Za-z_$][\w$]*/g)) declared.add(n[0])
  return { used, declared }
}

const files = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  )

/** The `@example` blocks of one source file, as code. */
export const examplesOf = (text) => {
  const out = []
  for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const lines = m[1].split('\n').map((l) => l.replace(/^\s*\* ?/, ''))
    for (let i = 0; i < lines.length; i++) {
      if (!/^@example\b/.test(lines[i].trim())) continue
      const body = []
      for (let j = i + 1; j < lines.length && !/^@\w/.test(lines[j].trim()); j++)
        if (!/^```/.test(lines[j].trim())) body.push(lines[j])
      out.push(body.join('\n').trim())
    }
  }
  return out
}

const dir = resolve('types/.generated/examples')
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
writeFileSync(join(dir, '_context.ts'), CONTEXT)
const { root, node, namespaces } = exportsOf()
const owner = namespaceFiles()
let n = 0
for (const f of files('src').sort()) {
  const ns = owner.get(relative('.', f).replace(/\\/g, '/'))
  examplesOf(readFileSync(f, 'utf8')).forEach((code, i) => {
    const name = relative('src', f).replace(/\.ts$/, '').replace(/[\\/]/g, '-')
    const { used, declared } = scan(code)
    const free = [...used].filter((u) => !declared.has(u))
    const members = new Set(ns === undefined ? [] : namespaces.get(ns))
    const lines = ['/// <reference types="node" />']
    if (free.includes('assert')) lines.push("import assert from 'node:assert'")
    const fromRoot = free.filter((u) => root.has(u))
    const fromNode = free.filter((u) => !root.has(u) && node.has(u))
    const fromNs = free.filter((u) => !root.has(u) && !node.has(u) && members.has(u))
    const fromContext = free.filter((u) => contextNames.includes(u) && !root.has(u))
    if (fromRoot.length > 0) lines.push(`import { ${fromRoot.join(', ')} } from 'tensorial'`)
    if (fromNode.length > 0) lines.push(`import { ${fromNode.join(', ')} } from 'tensorial/node'`)
    if (fromNs.length > 0)
      lines.push(`import { ${ns} as __ns } from 'tensorial'`, `const { ${fromNs.join(', ')} } = __ns`)
    if (fromContext.length > 0) lines.push(`import { ${fromContext.join(', ')} } from './_context.js'`)
    // the block's own imports first (a module's imports may come in any order, but keep the block readable)
    writeFileSync(join(dir, `${name}-${i + 1}.ts`), `${lines.join('\n')}\n${code}\nexport {}\n`)
    n++
  })
}
if (n === 0) {
  console.log('src has no @example blocks\n0 passed, 1 failed')
  process.exit(1)
}
// The harness counts `@expect-error` lines; an example has none, so it passes when nothing fails to compile.
const written = readdirSync(dir)
  .filter((f) => f !== '_context.ts')
  .map((f) => join(dir, f))
const failures = check(written).filter((r) => !r.ok)
for (const r of failures) console.log(`FAIL ${r.where}: ${r.why}`)
console.log(
  `${written.length - new Set(failures.map((r) => r.where.replace(/:\d+$/, ''))).size} of ${written.length} examples compile`,
)
rmSync(dir, { recursive: true, force: true })
process.exit(failures.length === 0 ? 0 : 1)
