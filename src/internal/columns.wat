;; The loops of the first layer's zero-column skip in the compiled training plan (src/internal/worker-step.ts
;; `sliceGradients`), spliced once into gemm.wat's module by scripts/build-wasm.mjs. They move entries bit for bit and
;; work on bytes, so one copy serves float64 and float32 storage: `$e` is an entry's size in bytes (8 or 4). An entry
;; is copied as its first and last 32-bit words (the same word twice when it has 4 bytes), and it is +0 when both
;; words are 0. Addresses are byte addresses, counts are entries.

  ;; nzcols(x, rows, cols, e, any, idx): the columns of the row-major rows × cols matrix x that hold a set bit in some
  ;; row, as i32 column numbers at idx in ascending order, with as many columns of +0 (the first ones) as make their
  ;; count a multiple of 4 (fewer where x has too few); returns the count. A column of +0 in every row is left out,
  ;; every other one (-0 too) is kept. any (cols entries, scratch) receives each column's rows or-ed bit by bit. The
  ;; plan's first layer multiplies by the kept columns only (worker-step.ts): a term 0·w adds ±0, which changes no sum
  ;; that starts from +0.
  (func (export "nzcols")
    (param $x i32) (param $rows i32) (param $cols i32) (param $e i32) (param $any i32) (param $idx i32) (result i32)
    (local $bytes i32) (local $vend i32) (local $r i32) (local $s i32) (local $d i32) (local $c i32) (local $n i32)
    (local $need i32) (local $nz i32) (local $w i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $bytes (i32.mul (local.get $cols) (local.get $e)))
    ;; 64 bytes of every row at a time (four registers, one store each), then 16, then 4
    (local.set $c (i32.const 0))
    (local.set $vend (i32.and (local.get $bytes) (i32.const -64)))
    (block $wdone
      (loop $wloop
        (br_if $wdone (i32.ge_u (local.get $c) (local.get $vend)))
        (local.set $v0 (v128.const i64x2 0 0))
        (local.set $v1 (v128.const i64x2 0 0))
        (local.set $v2 (v128.const i64x2 0 0))
        (local.set $v3 (v128.const i64x2 0 0))
        (local.set $s (i32.add (local.get $x) (local.get $c)))
        (local.set $r (local.get $rows))
        (block $rdone
          (loop $rloop
            (br_if $rdone (i32.eqz (local.get $r)))
            (local.set $v0 (v128.or (local.get $v0) (v128.load align=4 (local.get $s))))
            (local.set $v1 (v128.or (local.get $v1) (v128.load offset=16 align=4 (local.get $s))))
            (local.set $v2 (v128.or (local.get $v2) (v128.load offset=32 align=4 (local.get $s))))
            (local.set $v3 (v128.or (local.get $v3) (v128.load offset=48 align=4 (local.get $s))))
            (local.set $s (i32.add (local.get $s) (local.get $bytes)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $rloop)))
        (local.set $d (i32.add (local.get $any) (local.get $c)))
        (v128.store align=4 (local.get $d) (local.get $v0))
        (v128.store offset=16 align=4 (local.get $d) (local.get $v1))
        (v128.store offset=32 align=4 (local.get $d) (local.get $v2))
        (v128.store offset=48 align=4 (local.get $d) (local.get $v3))
        (local.set $c (i32.add (local.get $c) (i32.const 64)))
        (br $wloop)))
    (local.set $vend (i32.and (local.get $bytes) (i32.const -16)))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $c) (local.get $vend)))
        (local.set $v0 (v128.const i64x2 0 0))
        (local.set $s (i32.add (local.get $x) (local.get $c)))
        (local.set $r (local.get $rows))
        (block $r2done
          (loop $r2loop
            (br_if $r2done (i32.eqz (local.get $r)))
            (local.set $v0 (v128.or (local.get $v0) (v128.load align=4 (local.get $s))))
            (local.set $s (i32.add (local.get $s) (local.get $bytes)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $r2loop)))
        (v128.store align=4 (i32.add (local.get $any) (local.get $c)) (local.get $v0))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $vloop)))
    (block $tdone
      (loop $tloop
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $bytes)))
        (local.set $w (i32.const 0))
        (local.set $s (i32.add (local.get $x) (local.get $c)))
        (local.set $r (local.get $rows))
        (block $r3done
          (loop $r3loop
            (br_if $r3done (i32.eqz (local.get $r)))
            (local.set $w (i32.or (local.get $w) (i32.load (local.get $s))))
            (local.set $s (i32.add (local.get $s) (local.get $bytes)))
            (local.set $r (i32.sub (local.get $r) (i32.const 1)))
            (br $r3loop)))
        (i32.store (i32.add (local.get $any) (local.get $c)) (local.get $w))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $tloop)))
    (local.set $n (i32.const 0))
    (local.set $c (i32.const 0))
    (block $cend
      (loop $cloop
        (br_if $cend (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $d (i32.add (local.get $any) (i32.mul (local.get $c) (local.get $e))))
        (local.set $n (i32.add (local.get $n) (i32.ne (i32.const 0) (i32.or (i32.load (local.get $d)) (i32.load (i32.sub (i32.add (local.get $d) (local.get $e)) (i32.const 4)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cloop)))
    (local.set $need (i32.and (i32.sub (i32.const 0) (local.get $n)) (i32.const 3)))
    (local.set $n (i32.const 0))
    (local.set $c (i32.const 0))
    (block $lend
      (loop $lloop
        (br_if $lend (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $d (i32.add (local.get $any) (i32.mul (local.get $c) (local.get $e))))
        (local.set $nz (i32.ne (i32.const 0) (i32.or (i32.load (local.get $d)) (i32.load (i32.sub (i32.add (local.get $d) (local.get $e)) (i32.const 4))))))
        (if (i32.or (local.get $nz) (i32.ne (local.get $need) (i32.const 0)))
          (then
            (if (i32.eqz (local.get $nz)) (then (local.set $need (i32.sub (local.get $need) (i32.const 1)))))
            (i32.store (i32.add (local.get $idx) (i32.shl (local.get $n) (i32.const 2))) (local.get $c))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $lloop)))
    (local.get $n))

  ;; gathercols(x, rows, cols, e, idx, count, out): out[r·count + p] = x[r·cols + idx[p]] for r < rows, p < count (the
  ;; columns nzcols kept, bit for bit, as a row-major rows × count matrix).
  (func (export "gathercols")
    (param $x i32) (param $rows i32) (param $cols i32) (param $e i32) (param $idx i32) (param $count i32) (param $out i32)
    (local $r i32) (local $s i32) (local $q i32) (local $qend i32) (local $rb i32) (local $t i32) (local $ob i32)
    (local $o2 i32)
    (local.set $rb (i32.mul (local.get $cols) (local.get $e)))
    (local.set $ob (i32.mul (local.get $count) (local.get $e)))
    (local.set $qend (i32.add (local.get $idx) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $s (local.get $x))
    (local.set $r (i32.const 0))
    ;; an entry as one i64 (8 bytes) or one i32 (4)
    (if (i32.eq (local.get $e) (i32.const 8))
      (then
        ;; two rows at a time (one load of each column number for both)
        (block $rend8
          (loop $rloop8
            (br_if $rend8 (i32.ge_u (i32.add (local.get $r) (i32.const 1)) (local.get $rows)))
            (local.set $q (local.get $idx))
            (local.set $o2 (i32.add (local.get $out) (local.get $ob)))
            (block $pend8
              (loop $ploop8
                (br_if $pend8 (i32.ge_u (local.get $q) (local.get $qend)))
                (local.set $t (i32.add (local.get $s) (i32.shl (i32.load (local.get $q)) (i32.const 3))))
                (i64.store (local.get $out) (i64.load (local.get $t)))
                (local.set $t (i32.add (local.get $t) (local.get $rb)))
                (i64.store (local.get $o2) (i64.load (local.get $t)))
                (local.set $out (i32.add (local.get $out) (i32.const 8)))
                (local.set $o2 (i32.add (local.get $o2) (i32.const 8)))
                (local.set $q (i32.add (local.get $q) (i32.const 4)))
                (br $ploop8)))
            (local.set $out (local.get $o2))
            (local.set $s (i32.add (local.get $s) (i32.shl (local.get $rb) (i32.const 1))))
            (local.set $r (i32.add (local.get $r) (i32.const 2)))
            (br $rloop8)))
        (if (i32.lt_u (local.get $r) (local.get $rows))
          (then
            (local.set $q (local.get $idx))
            (block $lend8
              (loop $lloop8
                (br_if $lend8 (i32.ge_u (local.get $q) (local.get $qend)))
                (local.set $t (i32.add (local.get $s) (i32.shl (i32.load (local.get $q)) (i32.const 3))))
                (i64.store (local.get $out) (i64.load (local.get $t)))
                (local.set $out (i32.add (local.get $out) (i32.const 8)))
                (local.set $q (i32.add (local.get $q) (i32.const 4)))
                (br $lloop8))))))
      (else
        ;; two rows at a time (one load of each column number for both)
        (block $rend4
          (loop $rloop4
            (br_if $rend4 (i32.ge_u (i32.add (local.get $r) (i32.const 1)) (local.get $rows)))
            (local.set $q (local.get $idx))
            (local.set $o2 (i32.add (local.get $out) (local.get $ob)))
            (block $pend4
              (loop $ploop4
                (br_if $pend4 (i32.ge_u (local.get $q) (local.get $qend)))
                (local.set $t (i32.add (local.get $s) (i32.shl (i32.load (local.get $q)) (i32.const 2))))
                (i32.store (local.get $out) (i32.load (local.get $t)))
                (local.set $t (i32.add (local.get $t) (local.get $rb)))
                (i32.store (local.get $o2) (i32.load (local.get $t)))
                (local.set $out (i32.add (local.get $out) (i32.const 4)))
                (local.set $o2 (i32.add (local.get $o2) (i32.const 4)))
                (local.set $q (i32.add (local.get $q) (i32.const 4)))
                (br $ploop4)))
            (local.set $out (local.get $o2))
            (local.set $s (i32.add (local.get $s) (i32.shl (local.get $rb) (i32.const 1))))
            (local.set $r (i32.add (local.get $r) (i32.const 2)))
            (br $rloop4)))
        (if (i32.lt_u (local.get $r) (local.get $rows))
          (then
            (local.set $q (local.get $idx))
            (block $lend4
              (loop $lloop4
                (br_if $lend4 (i32.ge_u (local.get $q) (local.get $qend)))
                (local.set $t (i32.add (local.get $s) (i32.shl (i32.load (local.get $q)) (i32.const 2))))
                (i32.store (local.get $out) (i32.load (local.get $t)))
                (local.set $out (i32.add (local.get $out) (i32.const 4)))
                (local.set $q (i32.add (local.get $q) (i32.const 4)))
                (br $lloop4))))))))

  ;; scatterrows(g, idx, count, rows, rb): the count rows of rb bytes at the start of g (rows of them) moved to
  ;; rows idx[0] < idx[1] < … (idx[p] ≥ p), every other row set to +0: the first layer's weight gradient, computed for
  ;; nzcols' columns only, in its place (a row of zeros in the input gives the gradient Σ 0·δ = +0 for finite δ).
  ;; From the last row down, so a row moves before anything is written over it.
  (func (export "scatterrows")
    (param $g i32) (param $idx i32) (param $count i32) (param $rows i32) (param $rb i32)
    (local $i i32) (local $r i32) (local $at i32)
    (local.set $i (i32.sub (local.get $count) (i32.const 1)))
    (local.set $r (i32.sub (local.get $rows) (i32.const 1)))
    (block $end
      (loop $loop
        (br_if $end (i32.lt_s (local.get $r) (i32.const 0)))
        (local.set $at (i32.const -1))
        (if (i32.ge_s (local.get $i) (i32.const 0))
          (then (local.set $at (i32.load (i32.add (local.get $idx) (i32.shl (local.get $i) (i32.const 2)))))))
        (if (i32.eq (local.get $at) (local.get $r))
          (then
            ;; rows idx[0 … i] are 0 … i from here down: nothing left to move
            (br_if $end (i32.eq (local.get $i) (local.get $r)))
            (memory.copy
              (i32.add (local.get $g) (i32.mul (local.get $r) (local.get $rb)))
              (i32.add (local.get $g) (i32.mul (local.get $i) (local.get $rb)))
              (local.get $rb))
            (local.set $i (i32.sub (local.get $i) (i32.const 1))))
          (else
            (memory.fill (i32.add (local.get $g) (i32.mul (local.get $r) (local.get $rb))) (i32.const 0) (local.get $rb))))
        (local.set $r (i32.sub (local.get $r) (i32.const 1)))
        (br $loop))))

  ;; packrows(b, idx, k, rb, e, d): packs rows idx[0 … k−1] of the row-major B (rb bytes a row) into d as the panels
  ;; the GEMM kernel of the precision reads (as packb / packbf32 do for rows 0 … k−1): panel c, the 32 bytes of each
  ;; row from byte 32c, at d + 32ck, its row p at + 32p; zeros past the row's end.
  (func (export "packrows")
    (param $b i32) (param $idx i32) (param $k i32) (param $rb i32) (param $e i32) (param $d i32)
    (local $w i32) (local $q i32) (local $qend i32) (local $s i32) (local $j i32)
    (local $t i32) (local $f i32) (local $full i32) (local $pstride i32) (local $dp i32)
    (local.set $qend (i32.add (local.get $idx) (i32.shl (local.get $k) (i32.const 2))))
    (local.set $full (i32.and (local.get $rb) (i32.const -32)))
    (local.set $pstride (i32.shl (local.get $k) (i32.const 5)))
    ;; the full panels a row at a time: each kept row read once, in order, its 32-byte pieces to their panels
    (local.set $q (local.get $idx))
    (local.set $dp (local.get $d))
    (block $pend
      (loop $ploop
        (br_if $pend (i32.ge_u (local.get $q) (local.get $qend)))
        (local.set $s (i32.add (local.get $b) (i32.mul (i32.load (local.get $q)) (local.get $rb))))
        (local.set $t (i32.add (local.get $s) (local.get $full)))
        (local.set $f (local.get $dp))
        (block $cend
          (loop $cloop
            (br_if $cend (i32.ge_u (local.get $s) (local.get $t)))
            (v128.store align=4 (local.get $f) (v128.load align=4 (local.get $s)))
            (v128.store offset=16 align=4 (local.get $f) (v128.load offset=16 align=4 (local.get $s)))
            (local.set $s (i32.add (local.get $s) (i32.const 32)))
            (local.set $f (i32.add (local.get $f) (local.get $pstride)))
            (br $cloop)))
        (local.set $dp (i32.add (local.get $dp) (i32.const 32)))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $ploop)))
    ;; the last, partial panel: its columns, then zeros
    (if (i32.lt_u (local.get $full) (local.get $rb))
      (then
        (local.set $w (i32.sub (local.get $rb) (local.get $full)))
        (local.set $d (i32.add (local.get $d) (i32.mul (i32.shr_u (local.get $full) (i32.const 5)) (local.get $pstride))))
        (local.set $q (local.get $idx))
        (block $tend
          (loop $tloop
            (br_if $tend (i32.ge_u (local.get $q) (local.get $qend)))
            (local.set $s (i32.add (i32.add (local.get $b) (i32.mul (i32.load (local.get $q)) (local.get $rb))) (local.get $full)))
            (v128.store align=4 (local.get $d) (v128.const i64x2 0 0))
            (v128.store offset=16 align=4 (local.get $d) (v128.const i64x2 0 0))
            (local.set $j (i32.const 0))
            (block $jend
              (loop $jloop
                (br_if $jend (i32.ge_u (local.get $j) (local.get $w)))
                (local.set $t (i32.add (local.get $d) (local.get $j)))
                (local.set $f (i32.add (local.get $s) (local.get $j)))
                (i32.store (local.get $t) (i32.load (local.get $f)))
                (i32.store (i32.sub (i32.add (local.get $t) (local.get $e)) (i32.const 4)) (i32.load (i32.sub (i32.add (local.get $f) (local.get $e)) (i32.const 4))))
                (local.set $j (i32.add (local.get $j) (local.get $e)))
                (br $jloop)))
            (local.set $d (i32.add (local.get $d) (i32.const 32)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $tloop))))))
