// Fails when the modules under a folder (default src/) import each other in a circle. Every relative import
// counts, `import type` and `export … from` included: a type-only circle is still a circle in the layering
// (internal ← core ← nn ← io ← train), and it turns into a run-time one as soon as a value is imported.
// eslint-plugin-import-x's `no-cycle` skips type-only imports, so it would not have caught the circle
// errors.ts → codec.ts → tensor.ts → errors.ts; hence this script (run by `npm run lint`).
//
// Usage: node scripts/check-cycles.mjs [dir ...]   (exit 1 and one line per circle when there is one)
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import ts from 'typescript'

/** Every .ts file under `dir`. */
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : /\.(m|c)?tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : []
  })

/** The file a relative specifier names: `./codec.js` is `./codec.ts` in the sources. */
const resolveSpecifier = (from, spec, files) => {
  if (!spec.startsWith('.')) return undefined
  const base = resolve(dirname(from), spec)
  const candidates = [base, base.replace(/\.(m|c)?js$/, '.$1ts'), `${base}.ts`, join(base, 'index.ts')]
  return candidates.find((c) => files.has(c))
}

/** Whether a top-level import or export statement brings in types only (`import type`, `{ type A }`). */
const typeOnly = (st) => {
  if (ts.isImportDeclaration(st)) {
    const c = st.importClause
    if (c === undefined) return false
    if (c.isTypeOnly) return true
    const b = c.namedBindings
    return (
      c.name === undefined &&
      b !== undefined &&
      ts.isNamedImports(b) &&
      b.elements.length > 0 &&
      b.elements.every((e) => e.isTypeOnly)
    )
  }
  if (ts.isExportDeclaration(st)) {
    const b = st.exportClause
    return (
      st.isTypeOnly ||
      (b !== undefined && ts.isNamedExports(b) && b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly))
    )
  }
  return false
}

/**
 * The import graph: file → Map(imported file → whether every import of it is type-only). Values and types
 * alike; `preProcessFile` also finds dynamic `import()` and `import('…')` types, which count as value imports.
 */
export const importGraph = (dirs) => {
  const files = new Set(dirs.flatMap((d) => walk(resolve(d))))
  const graph = new Map()
  for (const f of files) {
    const text = readFileSync(f, 'utf8')
    const edges = new Map()
    const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, false)
    const typeSpecs = new Set()
    const valueSpecs = new Set()
    for (const st of sf.statements) {
      const m = (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier
      if (m && ts.isStringLiteral(m)) (typeOnly(st) ? typeSpecs : valueSpecs).add(m.text)
    }
    for (const r of ts.preProcessFile(text, true, true).importedFiles) {
      const target = resolveSpecifier(f, r.fileName, files)
      if (target === undefined) continue
      const onlyTypes = typeSpecs.has(r.fileName) && !valueSpecs.has(r.fileName)
      edges.set(target, (edges.get(target) ?? true) && onlyTypes)
    }
    graph.set(f, edges)
  }
  return graph
}

/** The circles of a graph: its strongly connected components with more than one file, or a file importing itself (Tarjan). */
export const circles = (graph) => {
  let index = 0
  const idx = new Map()
  const low = new Map()
  const stack = []
  const on = new Set()
  const out = []
  const strong = (v) => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    on.add(v)
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        strong(w)
        low.set(v, Math.min(low.get(v), low.get(w)))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)))
    }
    if (low.get(v) === idx.get(v)) {
      const scc = []
      let w
      do {
        w = stack.pop()
        on.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (graph.get(v)?.has(v) ?? false)) out.push(scc)
    }
  }
  for (const v of graph.keys()) if (!idx.has(v)) strong(v)
  return out
}

/** One circle as a path through the component, back to its start: a → b → c → a. */
const showCircle = (scc, graph) => {
  const inScc = new Set(scc)
  const start = [...scc].sort()[0]
  const path = [start]
  const seen = new Set([start])
  let v = start
  for (;;) {
    const next = [...(graph.get(v)?.keys() ?? [])].filter((w) => inScc.has(w))
    const back = next.find((w) => w === start)
    const fresh = next.find((w) => !seen.has(w))
    if (fresh === undefined || (back !== undefined && path.length > 1)) {
      path.push(back ?? next[0])
      break
    }
    path.push(fresh)
    seen.add(fresh)
    v = fresh
  }
  return path.map((p) => relative(process.cwd(), p)).join(' → ')
}

/**
 * Type-only imports allowed to point up, each with its reason; the edge is dropped from the graph only while
 * it stays type-only. internal/make.ts is the one place tensors are allocated and returns the public
 * `Tensor<S>` type that core/tensor.ts declares; core/tensor.ts calls `make` at run time.
 */
const allowedTypeEdges = [['src/internal/make.ts', 'src/core/tensor.ts']]

const main = () => {
  const dirs = process.argv.slice(2)
  const graph = importGraph(dirs.length > 0 ? dirs : ['src'])
  for (const [from, to] of allowedTypeEdges) {
    const edges = graph.get(resolve(from))
    if (edges?.get(resolve(to)) === true) edges.delete(resolve(to))
  }
  const found = circles(graph)
  for (const scc of found) console.error(`import circle: ${showCircle(scc, graph)}`)
  if (found.length > 0) process.exit(1)
  console.log(`check-cycles: ${graph.size} modules, no import circle`)
}

// the program run, compared as real paths (a path with a space or a symlink would not match as a URL)
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main()
