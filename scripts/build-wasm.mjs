// Assembles src/internal/gemm.wat (WebAssembly text) with the wabt package and writes the binaries, base64-encoded,
// into src/internal/gemm-wasm.ts, which is committed: the module as written, its relaxed-SIMD twin (every
// multiply-then-add of the kernels rewritten as a relaxed_madd, see `relax`), and a tiny module that uses
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

/** The three binaries as base64: `{ plain, relaxed, probe }`. */
export const assembleAll = async () => {
  const wabt = await wabtInit()
  const wat = readFileSync('src/internal/gemm.wat', 'utf8')
  const relaxed = relax(wat)
  if (relaxed === wat) throw new Error('gemm.wat: no multiply-then-add to relax')
  return {
    plain: toBase64(wabt, 'gemm.wat', wat, { simd: true }),
    relaxed: toBase64(wabt, 'gemm-relaxed.wat', relaxed, { simd: true, relaxed_simd: true }),
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
