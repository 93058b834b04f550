// Assembles src/internal/gemm.wat (WebAssembly text), with src/internal/columns.wat's loops spliced in once and
// src/internal/elementwise.wat's for float64 and float32 (`moduleText`), with the wabt package and writes the binaries, base64-encoded, into
// src/internal/gemm-wasm.ts, which is committed: the module, its relaxed-SIMD twin (every multiply-then-add of
// the GEMM kernels rewritten as a relaxed_madd, see `relax`; the elementwise loops as written), and a tiny module that uses
// f64x2.relaxed_madd, which WebAssembly.validate accepts exactly where relaxed SIMD is supported. `--check` only
// verifies that the committed binaries are the assembly of the committed source (run by the kernel tests).
import { readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import wabtInit from 'wabt'

/** The source with every `(V.add (local.get $c) (V.mul (local.get $x) (local.get $y)))` as `c + x·y` fused. */
export const relax = (wat) => {
  const re = /\((f64x2|f32x4)\.add \(local\.get (\$\w+)\) \(\1\.mul \(local\.get (\$\w+)\) \(local\.get (\$\w+)\)\)\)/g
  return wat.replace(re, '($1.relaxed_madd (local.get $3) (local.get $4) (local.get $2))')
}

/** The smallest module that uses relaxed SIMD: the feature probe. */
const probe = `(module (func (param v128) (result v128)
  (f64x2.relaxed_madd (local.get 0) (local.get 0) (local.get 0))))`

const toBase64 = (wabt, name, text, features) => {
  const mod = wabt.parseWat(name, text, features)
  const { buffer } = mod.toBinary({})
  mod.destroy()
  return Buffer.from(buffer).toString('base64')
}

/** 2¹²⁸ − 2¹⁰³: a float64 rounds to a finite float32 exactly when its magnitude is below this (halfway between the largest float32 and 2¹²⁸, where ties go to the even 2¹²⁸). */
const F32_LIMIT = '3.4028235677973366e+38'

/**
 * `elementwise.wat`'s functions for one precision: the macros its header lists expanded, `_P` names suffixed.
 */
export const expand = (text, precision) => {
  const f32 = precision === 'f32'
  const out = text
    .replace(/_P"/g, `_${precision}"`)
    .replace(/\(LOAD2 (\$\w+)\)/g, (_, p) =>
      f32
        ? `(f64x2.promote_low_f32x4 (v128.load64_zero align=4 (local.get ${p})))`
        : `(v128.load align=8 (local.get ${p}))`,
    )
    .replace(/\(STORE2 (\$\w+) (\$\w+)\)/g, (_, p, v) =>
      f32
        ? `(v128.store64_lane align=4 0 (local.get ${p}) (f32x4.demote_f64x2_zero (local.get ${v})))`
        : `(v128.store align=8 (local.get ${p}) (local.get ${v}))`,
    )
    .replace(/\bFLAGINIT\b/g, `(local.set $f (v128.const ${f32 ? 'i64x2 -1 -1' : 'f64x2 0 0'}))`)
    .replace(/\(FLAG (\$\w+)\)/g, (_, v) =>
      f32
        ? `(local.set $f (v128.and (local.get $f) (f64x2.lt (f64x2.abs (local.get ${v})) (v128.const f64x2 ${F32_LIMIT} ${F32_LIMIT}))))`
        : `(local.set $f (v128.or (local.get $f) (f64x2.mul (local.get ${v}) (local.get $zero))))`,
    )
    .replace(/\bFLAGRESULT\b/g, () =>
      f32
        ? '(select (f64.const 0) (f64.const nan) (i64x2.all_true (local.get $f)))'
        : '(f64.add (f64x2.extract_lane 0 (local.get $f)) (f64x2.extract_lane 1 (local.get $f)))',
    )
    .replace(/\(LOAD1 (\$\w+)\)/g, (_, p) =>
      f32 ? `(f64.promote_f32 (f32.load (local.get ${p})))` : `(f64.load (local.get ${p}))`,
    )
    .replace(/\(STORE1 (\$\w+) (\$\w+)\)/g, (_, p, v) =>
      f32
        ? `(f32.store (local.get ${p}) (f32.demote_f64 (local.get ${v})))`
        : `(f64.store (local.get ${p}) (local.get ${v}))`,
    )
    .replace(/\bESIZE\b/g, `(i32.const ${f32 ? 4 : 8})`)
    .replace(/\bPSIZE\b/g, `(i32.const ${f32 ? 8 : 16})`)
    .replace(/\bVADD\b/g, f32 ? 'f32x4.add' : 'f64x2.add')
  const left = out.match(/\b(LOAD[12]|STORE[12]|FLAGINIT|FLAGRESULT|ESIZE|PSIZE|VADD)\b|\(FLAG \$|_P"/)
  if (left !== null) throw new Error(`elementwise.wat: unexpanded ${left[0]}`)
  return out
}

/**
 * The module's text: `gemm.wat` with `columns.wat`, and `elementwise.wat` expanded for float64 and float32, spliced in before its
 * closing parenthesis; `relaxed` rewrites the GEMM part only (the elementwise loops keep their order of operations).
 */
export const moduleText = (relaxed) => {
  const gemm = readFileSync('src/internal/gemm.wat', 'utf8')
  const end = gemm.lastIndexOf(')')
  const body = relaxed ? relax(gemm.slice(0, end)) : gemm.slice(0, end)
  if (relaxed && body === gemm.slice(0, end)) throw new Error('gemm.wat: no multiply-then-add to relax')
  const ew = readFileSync('src/internal/elementwise.wat', 'utf8')
  const columns = readFileSync('src/internal/columns.wat', 'utf8')
  return `${body}${columns}${expand(ew, 'f64')}${expand(ew, 'f32')})\n`
}

/** The three binaries as base64: `{ plain, relaxed, probe }`. */
export const assembleAll = async () => {
  const wabt = await wabtInit()
  return {
    plain: toBase64(wabt, 'gemm.wat', moduleText(false), { simd: true }),
    relaxed: toBase64(wabt, 'gemm-relaxed.wat', moduleText(true), { simd: true, relaxed_simd: true }),
    probe: toBase64(wabt, 'probe.wat', probe, { simd: true, relaxed_simd: true }),
  }
}

/** The plain module as base64 (what `gemmWasmBase64` holds). */
export const assemble = async () => (await assembleAll()).plain

const file = ({ plain, relaxed, probe }) => `/**
 * The WebAssembly SIMD GEMM kernels, assembled from \`gemm.wat\` by \`scripts/build-wasm.mjs\`. Generated:
 * edit the .wat and run \`node scripts/build-wasm.mjs\`.
 * @internal
 * @since 0.1.0
 */
export const gemmWasmBase64 =
  '${plain}'

/**
 * The relaxed-SIMD twin of {@link gemmWasmBase64}: each multiply-then-add is an \`f64x2.relaxed_madd\` or
 * \`f32x4.relaxed_madd\` (fused where the hardware has fused multiply-add). Generated.
 * @internal
 * @since 0.2.0
 */
export const gemmRelaxedWasmBase64 =
  '${relaxed}'

/**
 * A tiny module using \`f64x2.relaxed_madd\`: \`WebAssembly.validate\` accepts it where relaxed SIMD is supported.
 * Generated.
 * @internal
 * @since 0.2.0
 */
export const relaxedProbeBase64 = '${probe}'
`

if (process.argv[1] && realpathSync(fileURLToPath(import.meta.url)) === realpathSync(process.argv[1])) {
  const text = file(await assembleAll())
  if (process.argv.includes('--check')) {
    const committed = readFileSync('src/internal/gemm-wasm.ts', 'utf8')
    if (committed !== text) {
      console.error(
        'src/internal/gemm-wasm.ts is not the assembly of src/internal/gemm.wat: run node scripts/build-wasm.mjs',
      )
      process.exit(1)
    }
  } else writeFileSync('src/internal/gemm-wasm.ts', text)
}
