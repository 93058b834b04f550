;; The GEMM micro-kernel in WebAssembly SIMD (f64x2), assembled by scripts/build-wasm.mjs into gemm-wasm.ts.
;;
;; gemm(mp, np, k, a, b, c): C[mp×np] = A·B over packed operands, every size a multiple of 4 (the caller pads):
;;   a: mp/4 panels of 4 rows, each k × 4 doubles, element (r, p) at a + panel·32k + 32p + 8r
;;   b: np/4 panels of 4 columns, each k × 4 doubles, element (p, c) at b + panel·32k + 32p + 8c
;;   c: row-major mp × np doubles, fully written.
;; Each 4×4 tile of C is held in eight f64x2 accumulators while p runs over k; every product is a multiply then
;; an add (no fused multiply-add), as in the JavaScript kernels.
(module
  (memory (export "memory") 1)
  (func (export "gemm") (param $mp i32) (param $np i32) (param $k i32) (param $a i32) (param $b i32) (param $c i32)
    (local $i i32) (local $j i32) (local $p i32) (local $ap i32) (local $bp i32) (local $cp i32)
    (local $panel i32) (local $rowStride i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $av v128)
    (local.set $panel (i32.shl (local.get $k) (i32.const 5)))
    (local.set $rowStride (i32.shl (local.get $np) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $mp)))
        (local.set $j (i32.const 0))
        (block $jend
          (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $np)))
            (local.set $ap (i32.add (local.get $a) (i32.mul (i32.shr_u (local.get $i) (i32.const 2)) (local.get $panel))))
            (local.set $bp (i32.add (local.get $b) (i32.mul (i32.shr_u (local.get $j) (i32.const 2)) (local.get $panel))))
        (local.set $c00 (v128.const f64x2 0 0))
        (local.set $c01 (v128.const f64x2 0 0))
        (local.set $c10 (v128.const f64x2 0 0))
        (local.set $c11 (v128.const f64x2 0 0))
        (local.set $c20 (v128.const f64x2 0 0))
        (local.set $c21 (v128.const f64x2 0 0))
        (local.set $c30 (v128.const f64x2 0 0))
        (local.set $c31 (v128.const f64x2 0 0))
            (local.set $p (local.get $k))
            (block $pend
              (loop $ploop
                (br_if $pend (i32.eqz (local.get $p)))
                (local.set $b0 (v128.load align=8 (local.get $bp)))
                (local.set $b1 (v128.load offset=16 align=8 (local.get $bp)))
          (local.set $av (f64x2.splat (f64.load offset=0 (local.get $ap))))
          (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av) (local.get $b0))))
          (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av) (local.get $b1))))
          (local.set $av (f64x2.splat (f64.load offset=8 (local.get $ap))))
          (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $av) (local.get $b0))))
          (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $av) (local.get $b1))))
          (local.set $av (f64x2.splat (f64.load offset=16 (local.get $ap))))
          (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $av) (local.get $b0))))
          (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $av) (local.get $b1))))
          (local.set $av (f64x2.splat (f64.load offset=24 (local.get $ap))))
          (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $av) (local.get $b0))))
          (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $av) (local.get $b1))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 32)))
                (local.set $bp (i32.add (local.get $bp) (i32.const 32)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $ploop)))
            (local.set $cp (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $np)) (local.get $j)) (i32.const 3))))
        (v128.store align=8 (local.get $cp) (local.get $c00))
        (v128.store offset=16 align=8 (local.get $cp) (local.get $c01))
        (local.set $cp (i32.add (local.get $cp) (local.get $rowStride)))
        (v128.store align=8 (local.get $cp) (local.get $c10))
        (v128.store offset=16 align=8 (local.get $cp) (local.get $c11))
        (local.set $cp (i32.add (local.get $cp) (local.get $rowStride)))
        (v128.store align=8 (local.get $cp) (local.get $c20))
        (v128.store offset=16 align=8 (local.get $cp) (local.get $c21))
        (local.set $cp (i32.add (local.get $cp) (local.get $rowStride)))
        (v128.store align=8 (local.get $cp) (local.get $c30))
        (v128.store offset=16 align=8 (local.get $cp) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $jloop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iloop)))))
