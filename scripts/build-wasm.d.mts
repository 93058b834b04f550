/** Assembles src/internal/gemm.wat and returns the plain binary as base64. */
export declare const assemble: () => Promise<string>
/** Assembles the plain module, its relaxed-SIMD twin and the feature probe, each as base64. */
export declare const assembleAll: () => Promise<{
  readonly plain: string
  readonly relaxed: string
  readonly probe: string
}>
/** The source with every multiply-then-add rewritten as a relaxed_madd. */
export declare const relax: (wat: string) => string
/** elementwise.wat's functions for one precision: its macros expanded, `_P` names suffixed `_f64` or `_f32`. */
export declare const expand: (text: string, precision: 'f64' | 'f32') => string
/** The whole module's text: gemm.wat (relaxed or not) with elementwise.wat expanded for both precisions. */
export declare const moduleText: (relaxed: boolean) => string
