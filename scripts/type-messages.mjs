// The type-message harness: compiles fixture files with `tsc --pretty false` against the built package and
// requires, for every line marked `// @expect-error TS<code> <message substring>`, an error with exactly that
// code whose FIRST line (the one an editor shows) contains the substring, on the next line; and no other error
// anywhere. No line of any error may name a library internal (DENY below): a message that shows an unevaluated
// check or a helper alias fails even when its text is right. tsd's `expectError` passes on any error (an arity slip, a misspelt export); this does not.
//
//   node scripts/type-messages.mjs <dir>                 fixtures must pass
//   node scripts/type-messages.mjs --expect-fail <dir>   every fixture must fail (tests the harness itself)
//   TSC=node_modules/typescript7/bin/tsc node scripts/type-messages.mjs <dir>   with another compiler
//
// Prints one line per failure and ends with `N passed, N failed`.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const MARK = /\/\/\s*@expect-error\s+TS(\d+)\s+(.+?)\s*$/

/** Names that must never reach a user: unevaluated checks, helper aliases, and escaped characters (TS 6 prints
 * non-ASCII characters of an open template literal as `\uXXXX`). */
export const DENY = ['CheckDim', 'CheckShape', 'Unify', 'KnownRank', 'D<', 'Show<', '\\u']

const denied = (message) => DENY.find((d) => message.includes(d))

/** Expectations of one file: Map<line (1-based) of the code, {code, text, markLine}>. */
const expectationsOf = (file) => {
  const lines = readFileSync(file, 'utf8').split('\n')
  const out = []
  lines.forEach((l, i) => {
    const m = MARK.exec(l)
    if (m) out.push({ line: i + 2, code: `TS${m[1]}`, text: m[2], markLine: i + 1 })
  })
  return out
}

/** Parses `file(line,col): error TSxxxx: message` plus indented continuation lines. */
export const parseTscOutput = (text) => {
  const errors = []
  for (const raw of text.split('\n')) {
    const m = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(raw)
    if (m) errors.push({ file: resolve(m[1]), line: Number(m[2]), col: Number(m[3]), code: m[4], message: m[5] })
    else if (/^\s+\S/.test(raw) && errors.length > 0) errors[errors.length - 1].message += '\n' + raw.trim()
    else if (/error TS\d+/.test(raw)) errors.push({ file: '(global)', line: 0, col: 0, code: 'TS?', message: raw })
  }
  return errors
}

/** Runs tsc on the fixtures; returns {passed, failed, report[]} per file. */
export const check = (files) => {
  const dir = mkdtempSync(join(tmpdir(), 'typemsg-'))
  const config = join(dir, 'tsconfig.json')
  writeFileSync(
    config,
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        // false, as in a user's project: errors in the built .d.ts files (a stripped re-export) must show
        skipLibCheck: false,
        types: [],
      },
      files: files.map((f) => resolve(f)),
    }),
  )
  let out = ''
  try {
    execFileSync(
      process.execPath,
      [resolve(process.env.TSC ?? 'node_modules/typescript/bin/tsc'), '-p', config, '--pretty', 'false'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
  } catch (e) {
    out = String(e.stdout ?? '') + String(e.stderr ?? '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  const errors = parseTscOutput(out)
  const used = new Set()
  const results = []
  for (const f of files) {
    const abs = resolve(f)
    for (const x of expectationsOf(f)) {
      const here = errors.filter((e) => e.file === abs && e.line === x.line)
      here.forEach((e) => used.add(e))
      const hit = here.find((e) => e.code === x.code && e.message.split('\n')[0].includes(x.text))
      const deep = here.find((e) => e.code === x.code && e.message.includes(x.text))
      results.push(
        hit
          ? { ok: true, where: `${f}:${x.line}` }
          : {
              ok: false,
              where: `${f}:${x.line}`,
              why:
                here.length === 0
                  ? `expected ${x.code} "${x.text}", got: no error`
                  : `expected ${x.code} "${x.text}"${deep ? ' on the first line, found it only below' : ''}, got: ${here.map((e) => `${e.code} ${e.message.replace(/\n/g, ' ⏎ ')}`).join(' | ')}`,
            },
      )
    }
  }
  for (const e of errors) {
    const d = denied(e.message)
    if (d !== undefined)
      results.push({
        ok: false,
        where: `${e.file}:${e.line}`,
        why: `the message shows the internal name ${d}: ${e.code} ${e.message.replace(/\n/g, ' ⏎ ')}`,
      })
  }
  for (const e of errors)
    if (!used.has(e))
      results.push({
        ok: false,
        where: `${e.file}:${e.line}`,
        why: `unexpected ${e.code} ${e.message.replace(/\n/g, ' ⏎ ')}`,
      })
  return results
}

const main = () => {
  const args = process.argv.slice(2)
  const expectFail = args[0] === '--expect-fail'
  const dir = expectFail ? args[1] : args[0]
  if (!dir) {
    console.error('usage: type-messages.mjs [--expect-fail] <dir>')
    process.exit(2)
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => join(dir, f))
  let passed = 0
  let failed = 0
  if (expectFail) {
    // Each fixture is compiled alone and must produce at least one failure: a wrong-reason error must not pass.
    for (const f of files) {
      const r = check([f])
      const bad = r.filter((x) => !x.ok)
      if (bad.length > 0) {
        passed++
        console.log(`ok   ${f} is rejected: ${bad[0].why}`)
      } else {
        failed++
        console.log(`FAIL ${f} passed the harness, but it is a wrong-reason fixture`)
      }
    }
  } else {
    for (const r of check(files)) {
      if (r.ok) passed++
      else {
        failed++
        console.log(`FAIL ${r.where}: ${r.why}`)
      }
    }
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 && passed > 0 ? 0 : 1)
}

// the program run, compared as real paths (a path with a space or a symlink would not match as a URL)
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main()
