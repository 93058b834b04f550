;; The GEMM kernels in WebAssembly SIMD, assembled by scripts/build-wasm.mjs into gemm-wasm.ts (twice: as written,
;; and as the relaxed-SIMD twin in which every `(fNxM.add (local.get $c) (fNxM.mul (local.get $x) (local.get $y)))`
;; becomes `(fNxM.relaxed_madd (local.get $x) (local.get $y) (local.get $c))`, a fused multiply-add where the
;; hardware has one).
;;
;; gemm(mp, np, k, a, ars, acs, bp, c, ldc, kc, ncp): C = A·B in float64 for the padded sizes mp × (4·np), mp a
;; multiple of 4, np the number of 4-column panels of B, reading the operands in place (byte addresses and strides):
;;   A[i][p] at a + i·ars + p·acs   (a row-major A has ars = 8k, acs = 8; a stored transpose ars = 8, acs = 8m)
;;   B packed: panel jp (columns 4jp … 4jp+3) at bp + jp·32k, its row p at + 32p (4 contiguous numbers)
;;   C[i][j] at c + i·ldc + 8j      (fully written)
;; The loops are blocked for the caches: over k in blocks of kc (a 4×kc strip of A and a kc×4 panel of B stay in
;; L1), over the panels in blocks of ncp (a kc×4ncp block of B stays in L2), then every 4-row strip of A against
;; every panel of the block. Each 4×4 tile of C is held in eight f64x2 accumulators while p runs over a k block
;; (per p: two loads of B's row, four loads of A's column each broadcast to both lanes by v128.load64_splat, which
;; is one load on the load ports where a load then f64x2.splat also takes a shuffle);
;; the first block starts them at 0, each later one reloads them from C, so every entry is summed over p in order
;; 0, 1, …, k−1, with a multiply then an add per product (no fused multiply-add), exactly as the naive loop
;; `s += a·b` does: the blocking changes no bit of the result. Rows past the caller's m read whatever memory
;; follows A (the caller leaves slack) and land in C's padding, which the caller never reads.
;;
;; gemmf32 is the same in float32 (f32x4): panels and tiles of 8 columns, element strides of 4 bytes.
;; packb and packbf32 pack B into those panels (the callers copy B into memory as it is, then pack it here).
;; peak and peakf32 are the register-only ceiling the benchmark measures the kernels against.
(module
  (memory (export "memory") 1)
  ;; gemm(mp, np, k, a, ars, acs, bp, c, ldc, kc, ncp): C = A·B (f64x2; a tile is 4 rows × 4 columns, 32 bytes).
  (func (export "gemm")
    (param $mp i32) (param $np i32) (param $k i32) (param $a i32) (param $ars i32) (param $acs i32)
    (param $bp i32) (param $c i32) (param $ldc i32) (param $kc i32) (param $ncp i32)
    (local $pc i32) (local $kk i32) (local $jc i32) (local $je i32) (local $i i32) (local $j i32) (local $p i32)
    (local $arow i32) (local $bptr i32) (local $cp i32) (local $pstride i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $av v128)
    (local.set $pstride (i32.shl (local.get $k) (i32.const 5)))
    (local.set $pc (i32.const 0))
    (block $pcend
      (loop $pcloop
        (br_if $pcend (i32.ge_u (local.get $pc) (local.get $k)))
        (local.set $kk (i32.sub (local.get $k) (local.get $pc)))
        (if (i32.gt_u (local.get $kk) (local.get $kc)) (then (local.set $kk (local.get $kc))))
        (local.set $jc (i32.const 0))
        (block $jcend
          (loop $jcloop
            (br_if $jcend (i32.ge_u (local.get $jc) (local.get $np)))
            (local.set $je (i32.add (local.get $jc) (local.get $ncp)))
            (if (i32.gt_u (local.get $je) (local.get $np)) (then (local.set $je (local.get $np))))
            (local.set $i (i32.const 0))
            (block $iend
              (loop $iloop
                (br_if $iend (i32.ge_u (local.get $i) (local.get $mp)))
                (local.set $arow (i32.add (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))) (i32.mul (local.get $pc) (local.get $acs))))
                (local.set $j (local.get $jc))
                (block $jend
                  (loop $jloop
                    (br_if $jend (i32.ge_u (local.get $j) (local.get $je)))
                    (local.set $a0 (local.get $arow))
                    (local.set $a1 (i32.add (local.get $a0) (local.get $ars)))
                    (local.set $a2 (i32.add (local.get $a1) (local.get $ars)))
                    (local.set $a3 (i32.add (local.get $a2) (local.get $ars)))
                    (local.set $bptr (i32.add (i32.add (local.get $bp) (i32.mul (local.get $j) (local.get $pstride))) (i32.shl (local.get $pc) (i32.const 5))))
                    (local.set $cp (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 5)))))
                    (if (i32.eqz (local.get $pc))
                      (then
                        (local.set $c00 (v128.const f64x2 0 0))
                        (local.set $c01 (v128.const f64x2 0 0))
                        (local.set $c10 (v128.const f64x2 0 0))
                        (local.set $c11 (v128.const f64x2 0 0))
                        (local.set $c20 (v128.const f64x2 0 0))
                        (local.set $c21 (v128.const f64x2 0 0))
                        (local.set $c30 (v128.const f64x2 0 0))
                        (local.set $c31 (v128.const f64x2 0 0))
                        )
                      (else
                        (local.set $c00 (v128.load offset=0 align=4 (local.get $cp)))
                        (local.set $c01 (v128.load offset=16 align=4 (local.get $cp)))
                        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                        (local.set $c10 (v128.load offset=0 align=4 (local.get $cp)))
                        (local.set $c11 (v128.load offset=16 align=4 (local.get $cp)))
                        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                        (local.set $c20 (v128.load offset=0 align=4 (local.get $cp)))
                        (local.set $c21 (v128.load offset=16 align=4 (local.get $cp)))
                        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                        (local.set $c30 (v128.load offset=0 align=4 (local.get $cp)))
                        (local.set $c31 (v128.load offset=16 align=4 (local.get $cp)))
                        (local.set $cp (i32.sub (local.get $cp) (i32.mul (i32.const 3) (local.get $ldc))))))
                    (local.set $p (local.get $kk))
                    (block $pend
                      (loop $ploop
                        (br_if $pend (i32.eqz (local.get $p)))
                        (local.set $b0 (v128.load align=4 (local.get $bptr)))
                        (local.set $b1 (v128.load offset=16 align=4 (local.get $bptr)))
                        (local.set $av (v128.load64_splat (local.get $a0)))
                        (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $av) (local.get $b0))))
                        (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $av) (local.get $b1))))
                        (local.set $a0 (i32.add (local.get $a0) (local.get $acs)))
                        (local.set $av (v128.load64_splat (local.get $a1)))
                        (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $av) (local.get $b0))))
                        (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $av) (local.get $b1))))
                        (local.set $a1 (i32.add (local.get $a1) (local.get $acs)))
                        (local.set $av (v128.load64_splat (local.get $a2)))
                        (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $av) (local.get $b0))))
                        (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $av) (local.get $b1))))
                        (local.set $a2 (i32.add (local.get $a2) (local.get $acs)))
                        (local.set $av (v128.load64_splat (local.get $a3)))
                        (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $av) (local.get $b0))))
                        (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $av) (local.get $b1))))
                        (local.set $a3 (i32.add (local.get $a3) (local.get $acs)))
                        (local.set $bptr (i32.add (local.get $bptr) (i32.const 32)))
                        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                        (br $ploop)))
                    (v128.store offset=0 align=4 (local.get $cp) (local.get $c00))
                    (v128.store offset=16 align=4 (local.get $cp) (local.get $c01))
                    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                    (v128.store offset=0 align=4 (local.get $cp) (local.get $c10))
                    (v128.store offset=16 align=4 (local.get $cp) (local.get $c11))
                    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                    (v128.store offset=0 align=4 (local.get $cp) (local.get $c20))
                    (v128.store offset=16 align=4 (local.get $cp) (local.get $c21))
                    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                    (v128.store offset=0 align=4 (local.get $cp) (local.get $c30))
                    (v128.store offset=16 align=4 (local.get $cp) (local.get $c31))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $jloop)))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $iloop)))
            (local.set $jc (local.get $je))
            (br $jcloop)))
        (local.set $pc (i32.add (local.get $pc) (local.get $kk)))
        (br $pcloop))))
  ;; gemmf32(mp, np, k, a, ars, acs, bp, c, ldc, kc, ncp): C = A·B (f32x4; a tile is 4 rows × 8 columns, 32 bytes).
  (func (export "gemmf32")
    (param $mp i32) (param $np i32) (param $k i32) (param $a i32) (param $ars i32) (param $acs i32)
    (param $bp i32) (param $c i32) (param $ldc i32) (param $kc i32) (param $ncp i32)
    (local $pc i32) (local $kk i32) (local $jc i32) (local $je i32) (local $i i32) (local $j i32) (local $p i32)
    (local $arow i32) (local $bptr i32) (local $cp i32) (local $pstride i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $av v128)
    (local.set $pstride (i32.shl (local.get $k) (i32.const 5)))
    (local.set $pc (i32.const 0))
    (block $pcend
      (loop $pcloop
        (br_if $pcend (i32.ge_u (local.get $pc) (local.get $k)))
        (local.set $kk (i32.sub (local.get $k) (local.get $pc)))
        (if (i32.gt_u (local.get $kk) (local.get $kc)) (then (local.set $kk (local.get $kc))))
        (local.set $jc (i32.const 0))
        (block $jcend
          (loop $jcloop
            (br_if $jcend (i32.ge_u (local.get $jc) (local.get $np)))
            (local.set $je (i32.add (local.get $jc) (local.get $ncp)))
            (if (i32.gt_u (local.get $je) (local.get $np)) (then (local.set $je (local.get $np))))
            (local.set $i (i32.const 0))
            (block $iend
              (loop $iloop
                (br_if $iend (i32.ge_u (local.get $i) (local.get $mp)))
                (local.set $arow (i32.add (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))) (i32.mul (local.get $pc) (local.get $acs))))
                (local.set $j (local.get $jc))
                (block $jend
                  (loop $jloop
                    (br_if $jend (i32.ge_u (local.get $j) (local.get $je)))
                    (local.set $a0 (local.get $arow))
                    (local.set $a1 (i32.add (local.get $a0) (local.get $ars)))
                    (local.set $a2 (i32.add (local.get $a1) (local.get $ars)))
                    (local.set $a3 (i32.add (local.get $a2) (local.get $ars)))
                    (local.set $bptr (i32.add (i32.add (local.get $bp) (i32.mul (local.get $j) (local.get $pstride))) (i32.shl (local.get $pc) (i32.const 5))))
                    (local.set $cp (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 5)))))
                    (if (i32.eqz (local.get $pc))
                      (then
                        (local.set $c00 (v128.const f32x4 0 0 0 0))
                        (local.set $c01 (v128.const f32x4 0 0 0 0))
                        (local.set $c10 (v128.const f32x4 0 0 0 0))
                        (local.set $c11 (v128.const f32x4 0 0 0 0))
                        (local.set $c20 (v128.const f32x4 0 0 0 0))
                        (local.set $c21 (v128.const f32x4 0 0 0 0))
                        (local.set $c30 (v128.const f32x4 0 0 0 0))
                        (local.set $c31 (v128.const f32x4 0 0 0 0))
                        )
                      (else
                        (local.set $c00 (v128.load offset=0 align=4 (local.get $cp)))
                        (local.set $c01 (v128.load offset=16 align=4 (local.get $cp)))
                        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                        (local.set $c10 (v128.load offset=0 align=4 (local.get $cp)))
                        (local.set $c11 (v128.load offset=16 align=4 (local.get $cp)))
                        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                        (local.set $c20 (v128.load offset=0 align=4 (local.get $cp)))
                        (local.set $c21 (v128.load offset=16 align=4 (local.get $cp)))
                        (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                        (local.set $c30 (v128.load offset=0 align=4 (local.get $cp)))
                        (local.set $c31 (v128.load offset=16 align=4 (local.get $cp)))
                        (local.set $cp (i32.sub (local.get $cp) (i32.mul (i32.const 3) (local.get $ldc))))))
                    (local.set $p (local.get $kk))
                    (block $pend
                      (loop $ploop
                        (br_if $pend (i32.eqz (local.get $p)))
                        (local.set $b0 (v128.load align=4 (local.get $bptr)))
                        (local.set $b1 (v128.load offset=16 align=4 (local.get $bptr)))
                        (local.set $av (v128.load32_splat (local.get $a0)))
                        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $av) (local.get $b0))))
                        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $av) (local.get $b1))))
                        (local.set $a0 (i32.add (local.get $a0) (local.get $acs)))
                        (local.set $av (v128.load32_splat (local.get $a1)))
                        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $av) (local.get $b0))))
                        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $av) (local.get $b1))))
                        (local.set $a1 (i32.add (local.get $a1) (local.get $acs)))
                        (local.set $av (v128.load32_splat (local.get $a2)))
                        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $av) (local.get $b0))))
                        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $av) (local.get $b1))))
                        (local.set $a2 (i32.add (local.get $a2) (local.get $acs)))
                        (local.set $av (v128.load32_splat (local.get $a3)))
                        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $av) (local.get $b0))))
                        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $av) (local.get $b1))))
                        (local.set $a3 (i32.add (local.get $a3) (local.get $acs)))
                        (local.set $bptr (i32.add (local.get $bptr) (i32.const 32)))
                        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                        (br $ploop)))
                    (v128.store offset=0 align=4 (local.get $cp) (local.get $c00))
                    (v128.store offset=16 align=4 (local.get $cp) (local.get $c01))
                    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                    (v128.store offset=0 align=4 (local.get $cp) (local.get $c10))
                    (v128.store offset=16 align=4 (local.get $cp) (local.get $c11))
                    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                    (v128.store offset=0 align=4 (local.get $cp) (local.get $c20))
                    (v128.store offset=16 align=4 (local.get $cp) (local.get $c21))
                    (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))
                    (v128.store offset=0 align=4 (local.get $cp) (local.get $c30))
                    (v128.store offset=16 align=4 (local.get $cp) (local.get $c31))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $jloop)))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $iloop)))
            (local.set $jc (local.get $je))
            (br $jcloop)))
        (local.set $pc (i32.add (local.get $pc) (local.get $kk)))
        (br $pcloop))))
  ;; packb(b, k, n, rs, cs, d): packs op(B) [k×n], its entry (p, j) at byte b + p·rs + j·cs, into d as the panels
  ;; the gemm kernel reads: panel c (columns 4c … 4c+3) at d + 32ck, its row p at + 32p (4 contiguous numbers),
  ;; zero past column n. A row of a panel is 32 bytes, so a row-major B (cs = 8) is copied 32 bytes at a time.
  (func (export "packb")
    (param $b i32) (param $k i32) (param $n i32) (param $rs i32) (param $cs i32) (param $d i32)
    (local $c i32) (local $w i32) (local $p i32) (local $s i32) (local $jj i32) (local $e i32)
    (local.set $c (i32.const 0))
    (block $cend
      (loop $cloop
        (br_if $cend (i32.ge_u (local.get $c) (local.get $n)))
        (local.set $w (i32.sub (local.get $n) (local.get $c)))
        (local.set $s (i32.add (local.get $b) (i32.mul (local.get $c) (local.get $cs))))
        (local.set $p (local.get $k))
        (if (i32.and (i32.ge_u (local.get $w) (i32.const 4)) (i32.eq (local.get $cs) (i32.const 8)))
          (then
            (block $e1
              (loop $l1
                (br_if $e1 (i32.eqz (local.get $p)))
                (v128.store align=4 (local.get $d) (v128.load align=4 (local.get $s)))
                (v128.store offset=16 align=4 (local.get $d) (v128.load offset=16 align=4 (local.get $s)))
                (local.set $s (i32.add (local.get $s) (local.get $rs)))
                (local.set $d (i32.add (local.get $d) (i32.const 32)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $l1))))
          (else
            (if (i32.ge_u (local.get $w) (i32.const 4))
              (then
                (block $e2
                  (loop $l2
                    (br_if $e2 (i32.eqz (local.get $p)))
                (f64.store offset=0 (local.get $d) (f64.load (i32.add (local.get $s) (i32.mul (i32.const 0) (local.get $cs)))))
                (f64.store offset=8 (local.get $d) (f64.load (i32.add (local.get $s) (i32.mul (i32.const 1) (local.get $cs)))))
                (f64.store offset=16 (local.get $d) (f64.load (i32.add (local.get $s) (i32.mul (i32.const 2) (local.get $cs)))))
                (f64.store offset=24 (local.get $d) (f64.load (i32.add (local.get $s) (i32.mul (i32.const 3) (local.get $cs)))))
                    (local.set $s (i32.add (local.get $s) (local.get $rs)))
                    (local.set $d (i32.add (local.get $d) (i32.const 32)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $l2))))
              (else
                (block $e3
                  (loop $l3
                    (br_if $e3 (i32.eqz (local.get $p)))
                    (local.set $jj (i32.const 0))
                    (local.set $e (local.get $s))
                    (block $e4
                      (loop $l4
                        (br_if $e4 (i32.ge_u (local.get $jj) (i32.const 4)))
                        (if (i32.lt_u (local.get $jj) (local.get $w))
                          (then (f64.store (local.get $d) (f64.load (local.get $e))))
                          (else (f64.store (local.get $d) (f64.const 0))))
                        (local.set $e (i32.add (local.get $e) (local.get $cs)))
                        (local.set $d (i32.add (local.get $d) (i32.const 8)))
                        (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
                        (br $l4)))
                    (local.set $s (i32.add (local.get $s) (local.get $rs)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $l3)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $cloop))))
  ;; packbf32(b, k, n, rs, cs, d): packs op(B) [k×n], its entry (p, j) at byte b + p·rs + j·cs, into d as the panels
  ;; the gemmf32 kernel reads: panel c (columns 8c … 8c+7) at d + 32ck, its row p at + 32p (8 contiguous numbers),
  ;; zero past column n. A row of a panel is 32 bytes, so a row-major B (cs = 4) is copied 32 bytes at a time.
  (func (export "packbf32")
    (param $b i32) (param $k i32) (param $n i32) (param $rs i32) (param $cs i32) (param $d i32)
    (local $c i32) (local $w i32) (local $p i32) (local $s i32) (local $jj i32) (local $e i32)
    (local.set $c (i32.const 0))
    (block $cend
      (loop $cloop
        (br_if $cend (i32.ge_u (local.get $c) (local.get $n)))
        (local.set $w (i32.sub (local.get $n) (local.get $c)))
        (local.set $s (i32.add (local.get $b) (i32.mul (local.get $c) (local.get $cs))))
        (local.set $p (local.get $k))
        (if (i32.and (i32.ge_u (local.get $w) (i32.const 8)) (i32.eq (local.get $cs) (i32.const 4)))
          (then
            (block $e1
              (loop $l1
                (br_if $e1 (i32.eqz (local.get $p)))
                (v128.store align=4 (local.get $d) (v128.load align=4 (local.get $s)))
                (v128.store offset=16 align=4 (local.get $d) (v128.load offset=16 align=4 (local.get $s)))
                (local.set $s (i32.add (local.get $s) (local.get $rs)))
                (local.set $d (i32.add (local.get $d) (i32.const 32)))
                (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                (br $l1))))
          (else
            (if (i32.ge_u (local.get $w) (i32.const 8))
              (then
                (block $e2
                  (loop $l2
                    (br_if $e2 (i32.eqz (local.get $p)))
                (f32.store offset=0 (local.get $d) (f32.load (i32.add (local.get $s) (i32.mul (i32.const 0) (local.get $cs)))))
                (f32.store offset=4 (local.get $d) (f32.load (i32.add (local.get $s) (i32.mul (i32.const 1) (local.get $cs)))))
                (f32.store offset=8 (local.get $d) (f32.load (i32.add (local.get $s) (i32.mul (i32.const 2) (local.get $cs)))))
                (f32.store offset=12 (local.get $d) (f32.load (i32.add (local.get $s) (i32.mul (i32.const 3) (local.get $cs)))))
                (f32.store offset=16 (local.get $d) (f32.load (i32.add (local.get $s) (i32.mul (i32.const 4) (local.get $cs)))))
                (f32.store offset=20 (local.get $d) (f32.load (i32.add (local.get $s) (i32.mul (i32.const 5) (local.get $cs)))))
                (f32.store offset=24 (local.get $d) (f32.load (i32.add (local.get $s) (i32.mul (i32.const 6) (local.get $cs)))))
                (f32.store offset=28 (local.get $d) (f32.load (i32.add (local.get $s) (i32.mul (i32.const 7) (local.get $cs)))))
                    (local.set $s (i32.add (local.get $s) (local.get $rs)))
                    (local.set $d (i32.add (local.get $d) (i32.const 32)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $l2))))
              (else
                (block $e3
                  (loop $l3
                    (br_if $e3 (i32.eqz (local.get $p)))
                    (local.set $jj (i32.const 0))
                    (local.set $e (local.get $s))
                    (block $e4
                      (loop $l4
                        (br_if $e4 (i32.ge_u (local.get $jj) (i32.const 8)))
                        (if (i32.lt_u (local.get $jj) (local.get $w))
                          (then (f32.store (local.get $d) (f32.load (local.get $e))))
                          (else (f32.store (local.get $d) (f32.const 0))))
                        (local.set $e (i32.add (local.get $e) (local.get $cs)))
                        (local.set $d (i32.add (local.get $d) (i32.const 4)))
                        (local.set $jj (i32.add (local.get $jj) (i32.const 1)))
                        (br $l4)))
                    (local.set $s (i32.add (local.get $s) (local.get $rs)))
                    (local.set $p (i32.sub (local.get $p) (i32.const 1)))
                    (br $l3)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $cloop))))
  ;; peak(iters): 12 independent chains acc = acc·x + y of f64x2 mul and add, 12 per iteration: the ceiling the
  ;; GEMM's multiply-adds are measured against (bench only). Returns the sum of the lanes so nothing is dead code.
  (func (export "peak") (param $iters i32) (result f64)
    (local $x v128) (local $y v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128) (local $s8 v128) (local $s9 v128) (local $s10 v128) (local $s11 v128)
    (local.set $x (f64x2.splat (f64.const 0.999)))
    (local.set $y (f64x2.splat (f64.const 0.001)))
    (local.set $s0 (f64x2.splat (f64.const 0)))
    (local.set $s1 (f64x2.splat (f64.const 1)))
    (local.set $s2 (f64x2.splat (f64.const 2)))
    (local.set $s3 (f64x2.splat (f64.const 3)))
    (local.set $s4 (f64x2.splat (f64.const 4)))
    (local.set $s5 (f64x2.splat (f64.const 5)))
    (local.set $s6 (f64x2.splat (f64.const 6)))
    (local.set $s7 (f64x2.splat (f64.const 7)))
    (local.set $s8 (f64x2.splat (f64.const 8)))
    (local.set $s9 (f64x2.splat (f64.const 9)))
    (local.set $s10 (f64x2.splat (f64.const 10)))
    (local.set $s11 (f64x2.splat (f64.const 11)))
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $iters)))
        (local.set $s0 (f64x2.add (local.get $y) (f64x2.mul (local.get $s0) (local.get $x))))
        (local.set $s1 (f64x2.add (local.get $y) (f64x2.mul (local.get $s1) (local.get $x))))
        (local.set $s2 (f64x2.add (local.get $y) (f64x2.mul (local.get $s2) (local.get $x))))
        (local.set $s3 (f64x2.add (local.get $y) (f64x2.mul (local.get $s3) (local.get $x))))
        (local.set $s4 (f64x2.add (local.get $y) (f64x2.mul (local.get $s4) (local.get $x))))
        (local.set $s5 (f64x2.add (local.get $y) (f64x2.mul (local.get $s5) (local.get $x))))
        (local.set $s6 (f64x2.add (local.get $y) (f64x2.mul (local.get $s6) (local.get $x))))
        (local.set $s7 (f64x2.add (local.get $y) (f64x2.mul (local.get $s7) (local.get $x))))
        (local.set $s8 (f64x2.add (local.get $y) (f64x2.mul (local.get $s8) (local.get $x))))
        (local.set $s9 (f64x2.add (local.get $y) (f64x2.mul (local.get $s9) (local.get $x))))
        (local.set $s10 (f64x2.add (local.get $y) (f64x2.mul (local.get $s10) (local.get $x))))
        (local.set $s11 (f64x2.add (local.get $y) (f64x2.mul (local.get $s11) (local.get $x))))
        (local.set $iters (i32.sub (local.get $iters) (i32.const 1)))
        (br $loop)))
    (local.set $x (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $s0) (local.get $s1)) (local.get $s2)) (local.get $s3)) (local.get $s4)) (local.get $s5)) (local.get $s6)) (local.get $s7)) (local.get $s8)) (local.get $s9)) (local.get $s10)) (local.get $s11)))
    (f64.add (f64x2.extract_lane 0 (local.get $x)) (f64x2.extract_lane 1 (local.get $x))))
  ;; peakf32(iters): 12 independent chains acc = acc·x + y of f32x4 mul and add, 12 per iteration: the ceiling the
  ;; GEMM's multiply-adds are measured against (bench only). Returns the sum of the lanes so nothing is dead code.
  (func (export "peakf32") (param $iters i32) (result f32)
    (local $x v128) (local $y v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128) (local $s8 v128) (local $s9 v128) (local $s10 v128) (local $s11 v128)
    (local.set $x (f32x4.splat (f32.const 0.999)))
    (local.set $y (f32x4.splat (f32.const 0.001)))
    (local.set $s0 (f32x4.splat (f32.const 0)))
    (local.set $s1 (f32x4.splat (f32.const 1)))
    (local.set $s2 (f32x4.splat (f32.const 2)))
    (local.set $s3 (f32x4.splat (f32.const 3)))
    (local.set $s4 (f32x4.splat (f32.const 4)))
    (local.set $s5 (f32x4.splat (f32.const 5)))
    (local.set $s6 (f32x4.splat (f32.const 6)))
    (local.set $s7 (f32x4.splat (f32.const 7)))
    (local.set $s8 (f32x4.splat (f32.const 8)))
    (local.set $s9 (f32x4.splat (f32.const 9)))
    (local.set $s10 (f32x4.splat (f32.const 10)))
    (local.set $s11 (f32x4.splat (f32.const 11)))
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $iters)))
        (local.set $s0 (f32x4.add (local.get $y) (f32x4.mul (local.get $s0) (local.get $x))))
        (local.set $s1 (f32x4.add (local.get $y) (f32x4.mul (local.get $s1) (local.get $x))))
        (local.set $s2 (f32x4.add (local.get $y) (f32x4.mul (local.get $s2) (local.get $x))))
        (local.set $s3 (f32x4.add (local.get $y) (f32x4.mul (local.get $s3) (local.get $x))))
        (local.set $s4 (f32x4.add (local.get $y) (f32x4.mul (local.get $s4) (local.get $x))))
        (local.set $s5 (f32x4.add (local.get $y) (f32x4.mul (local.get $s5) (local.get $x))))
        (local.set $s6 (f32x4.add (local.get $y) (f32x4.mul (local.get $s6) (local.get $x))))
        (local.set $s7 (f32x4.add (local.get $y) (f32x4.mul (local.get $s7) (local.get $x))))
        (local.set $s8 (f32x4.add (local.get $y) (f32x4.mul (local.get $s8) (local.get $x))))
        (local.set $s9 (f32x4.add (local.get $y) (f32x4.mul (local.get $s9) (local.get $x))))
        (local.set $s10 (f32x4.add (local.get $y) (f32x4.mul (local.get $s10) (local.get $x))))
        (local.set $s11 (f32x4.add (local.get $y) (f32x4.mul (local.get $s11) (local.get $x))))
        (local.set $iters (i32.sub (local.get $iters) (i32.const 1)))
        (br $loop)))
    (local.set $x (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (f32x4.add (local.get $s0) (local.get $s1)) (local.get $s2)) (local.get $s3)) (local.get $s4)) (local.get $s5)) (local.get $s6)) (local.get $s7)) (local.get $s8)) (local.get $s9)) (local.get $s10)) (local.get $s11)))
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $x)) (f32x4.extract_lane 1 (local.get $x)))
      (f32.add (f32x4.extract_lane 2 (local.get $x)) (f32x4.extract_lane 3 (local.get $x)))))
)
