;; The elementwise loops of the compiled training plan (src/train/plan.ts) on its arena in module memory, spliced into
;; gemm.wat's module by scripts/build-wasm.mjs, twice: once for float64 storage (names ending _f64) and once for
;; float32 (_f32). They are never relaxed: the relaxed-SIMD twin rewrites the GEMM kernels only.
;;
;; Every function computes in float64, two entries at a time (f64x2), with exactly the operations, in exactly the
;; order, of the plan's JavaScript loops (`plan.ts`, `worker-update.ts`'s `applyRule`): IEEE addition,
;; multiplication, division and square root are correctly rounded in SIMD as in scalar code, so the results are
;; those loops' bits. A float32 entry is widened to float64 when loaded and rounded once to float32 when stored, as
;; a JavaScript loop over a Float32Array does. Macros, expanded per precision by the build script:
;;   (LOAD2 $p)      the two entries at byte address $p, as f64x2
;;   (STORE2 $p $v)  stores the f64x2 $v there (rounded to float32 for _f32)
;;   FLAGINIT, (FLAG $v), FLAGRESULT   a rule's finiteness flag: (FLAG $v) notes whether the f64x2 $v is finite
;;                   as it will be stored, FLAGRESULT is 0 when every $v was and NaN otherwise. _f64: the lanes of $v·0
;;                   (±0, or NaN) or-ed together bit by bit; _f32: |$v| < 2¹²⁸ − 2¹⁰³ (a float64 rounds to a finite
;;                   float32 exactly then: from that halfway point up it rounds to ∞) and-ed together as lane masks.
;;                   Neither needs the rounded value, nor a chain of additions.
;;   (LOAD1 $p) (STORE1 $p $v)   the same for one entry (f64)
;;   ESIZE / PSIZE   the bytes of one entry / of two, as i32.const
;;   VADD            the lane-wise sum of sixteen bytes of entries in their own precision (f64x2.add, f32x4.add)
;;
;; Addresses are byte addresses, counts are entries. The update rules run over `pairs` pairs of entries; the plan
;; applies the JavaScript rule to an odd last entry (padding with zeros would not do: with ε = 0, 0/0 is NaN).

  ;; biasadd(src, ldc, dst, m, n, bias): dst[i·n + j] = src[i·ldc/ESIZE + j] + bias[j] for i < m, j < n (the
  ;; product, padded to row stride ldc bytes, plus the bias: Zˡ = Aˡ⁻¹Wˡ + bˡ). src may be dst with ldc = n·ESIZE.
  (func (export "biasadd_P")
    (param $src i32) (param $ldc i32) (param $dst i32) (param $m i32) (param $n i32) (param $bias i32)
    (local $i i32) (local $j i32) (local $s i32) (local $d i32) (local $b i32) (local $v v128) (local $x f64)
    (local $n2 i32)
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (local.set $i (i32.const 0))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $d (i32.add (local.get $dst) (i32.mul (i32.mul (local.get $i) (local.get $n)) ESIZE)))
        (local.set $b (local.get $bias))
        (local.set $j (i32.const 0))
        (block $jend
          (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $n2)))
            (local.set $v (f64x2.add (LOAD2 $s) (LOAD2 $b)))
            (STORE2 $d $v)
            (local.set $s (i32.add (local.get $s) PSIZE))
            (local.set $d (i32.add (local.get $d) PSIZE))
            (local.set $b (i32.add (local.get $b) PSIZE))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jloop)))
        (if (i32.lt_u (local.get $n2) (local.get $n))
          (then
            (local.set $x (f64.add (LOAD1 $s) (LOAD1 $b)))
            (STORE1 $d $x)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop))))

  ;; colsum(d, m, n, out): out[j] = Σ_{i<m} d[i·n + j], summed from 0 in row order (∂C/∂bˡ = Σ_batch Δˡ), each
  ;; partial sum stored (so rounded to float32 for _f32) as the JavaScript loop does.
  (func (export "colsum_P")
    (param $d i32) (param $m i32) (param $n i32) (param $out i32)
    (local $i i32) (local $j i32) (local $s i32) (local $o i32) (local $v v128) (local $x f64) (local $n2 i32)
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    ;; out = 0
    (local.set $o (local.get $out))
    (local.set $v (v128.const f64x2 0 0))
    (local.set $j (i32.const 0))
    (block $zend
      (loop $zloop
        (br_if $zend (i32.ge_u (local.get $j) (local.get $n2)))
        (STORE2 $o $v)
        (local.set $o (i32.add (local.get $o) PSIZE))
        (local.set $j (i32.add (local.get $j) (i32.const 2)))
        (br $zloop)))
    (if (i32.lt_u (local.get $n2) (local.get $n))
      (then
        (local.set $x (f64.const 0))
        (STORE1 $o $x)))
    (local.set $s (local.get $d))
    (local.set $i (i32.const 0))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $o (local.get $out))
        (local.set $j (i32.const 0))
        (block $jend
          (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $n2)))
            (local.set $v (f64x2.add (LOAD2 $o) (LOAD2 $s)))
            (STORE2 $o $v)
            (local.set $s (i32.add (local.get $s) PSIZE))
            (local.set $o (i32.add (local.get $o) PSIZE))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jloop)))
        (if (i32.lt_u (local.get $n2) (local.get $n))
          (then
            (local.set $x (f64.add (LOAD1 $o) (LOAD1 $s)))
            (STORE1 $o $x)
            (local.set $s (i32.add (local.get $s) ESIZE))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop))))

  ;; l2(g, w, pairs, lam): g = 1·g + λ·w (the L2 term of ∂C/∂Wˡ, `1·g` as in the JavaScript loop).
  (func (export "l2_P")
    (param $g i32) (param $w i32) (param $pairs i32) (param $lam f64)
    (local $l v128) (local $one v128) (local $v v128)
    (local.set $l (f64x2.splat (local.get $lam)))
    (local.set $one (f64x2.splat (f64.const 1)))
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $pairs)))
        (local.set $v (f64x2.add (f64x2.mul (local.get $one) (LOAD2 $g)) (f64x2.mul (local.get $l) (LOAD2 $w))))
        (STORE2 $g $v)
        (local.set $g (i32.add (local.get $g) PSIZE))
        (local.set $w (i32.add (local.get $w) PSIZE))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $loop))))

  ;; The optimizer rules (`applyRule`): θ ← keep·θ − η·u(g, slots), the slots updated first. A slot is stored
  ;; (rounded, for _f32) but θ's formula uses its unrounded value, as `applyRule` does. Each returns 0 when every new
  ;; θ is finite as stored, else NaN (FLAGRESULT; `applyRule` sums (θ as stored)·0).

  ;; sgd(w, g, pairs, keep, eta): θ = keep·θ − η·g.
  (func (export "sgd_P")
    (param $w i32) (param $g i32) (param $pairs i32) (param $keep f64) (param $eta f64) (result f64)
    (local $k v128) (local $e v128) (local $th v128) (local $f v128) (local $zero v128)
    (local.set $k (f64x2.splat (local.get $keep)))
    (local.set $e (f64x2.splat (local.get $eta)))
    (local.set $zero (v128.const f64x2 0 0))
    FLAGINIT
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $pairs)))
        (local.set $th (f64x2.sub (f64x2.mul (local.get $k) (LOAD2 $w)) (f64x2.mul (local.get $e) (LOAD2 $g))))
        (STORE2 $w $th)
        (FLAG $th)
        (local.set $w (i32.add (local.get $w) PSIZE))
        (local.set $g (i32.add (local.get $g) PSIZE))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $loop)))
    FLAGRESULT)

  ;; momentum(w, g, v, pairs, keep, eta, gamma, nesterov): v = γ·v + g; θ = keep·θ − η·v, or (Nesterov)
  ;; θ = keep·θ − η·(g + γ·v).
  (func (export "momentum_P")
    (param $w i32) (param $g i32) (param $s i32) (param $pairs i32) (param $keep f64) (param $eta f64)
    (param $gamma f64) (param $nesterov i32) (result f64)
    (local $k v128) (local $e v128) (local $ga v128) (local $gi v128) (local $v v128) (local $th v128)
    (local $f v128) (local $zero v128)
    (local.set $k (f64x2.splat (local.get $keep)))
    (local.set $e (f64x2.splat (local.get $eta)))
    (local.set $ga (f64x2.splat (local.get $gamma)))
    (local.set $zero (v128.const f64x2 0 0))
    FLAGINIT
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $pairs)))
        (local.set $gi (LOAD2 $g))
        (local.set $v (f64x2.add (f64x2.mul (local.get $ga) (LOAD2 $s)) (local.get $gi)))
        (STORE2 $s $v)
        (if (local.get $nesterov)
          (then
            (local.set $th
              (f64x2.sub (f64x2.mul (local.get $k) (LOAD2 $w))
                (f64x2.mul (local.get $e) (f64x2.add (local.get $gi) (f64x2.mul (local.get $ga) (local.get $v)))))))
          (else
            (local.set $th (f64x2.sub (f64x2.mul (local.get $k) (LOAD2 $w)) (f64x2.mul (local.get $e) (local.get $v))))))
        (STORE2 $w $th)
        (FLAG $th)
        (local.set $w (i32.add (local.get $w) PSIZE))
        (local.set $g (i32.add (local.get $g) PSIZE))
        (local.set $s (i32.add (local.get $s) PSIZE))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $loop)))
    FLAGRESULT)

  ;; rms(w, g, r, pairs, keep, eta, rho, omr, eps, adagrad): AdaGrad (adagrad = 1: r = r + g·g) or RMSProp
  ;; (r = ρ·r + (1 − ρ)·g·g, omr = 1 − ρ); then θ = keep·θ − (η·g)/(√r + ε).
  (func (export "rms_P")
    (param $w i32) (param $g i32) (param $s i32) (param $pairs i32) (param $keep f64) (param $eta f64)
    (param $rho f64) (param $omr f64) (param $eps f64) (param $adagrad i32) (result f64)
    (local $k v128) (local $e v128) (local $rh v128) (local $om v128) (local $ep v128) (local $gi v128)
    (local $r v128) (local $th v128) (local $f v128) (local $zero v128)
    (local.set $k (f64x2.splat (local.get $keep)))
    (local.set $e (f64x2.splat (local.get $eta)))
    (local.set $rh (f64x2.splat (local.get $rho)))
    (local.set $om (f64x2.splat (local.get $omr)))
    (local.set $ep (f64x2.splat (local.get $eps)))
    (local.set $zero (v128.const f64x2 0 0))
    FLAGINIT
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $pairs)))
        (local.set $gi (LOAD2 $g))
        (if (local.get $adagrad)
          (then (local.set $r (f64x2.add (LOAD2 $s) (f64x2.mul (local.get $gi) (local.get $gi)))))
          (else
            (local.set $r
              (f64x2.add (f64x2.mul (local.get $rh) (LOAD2 $s))
                (f64x2.mul (f64x2.mul (local.get $om) (local.get $gi)) (local.get $gi))))))
        (STORE2 $s $r)
        (local.set $th
          (f64x2.sub (f64x2.mul (local.get $k) (LOAD2 $w))
            (f64x2.div (f64x2.mul (local.get $e) (local.get $gi)) (f64x2.add (f64x2.sqrt (local.get $r)) (local.get $ep)))))
        (STORE2 $w $th)
        (FLAG $th)
        (local.set $w (i32.add (local.get $w) PSIZE))
        (local.set $g (i32.add (local.get $g) PSIZE))
        (local.set $s (i32.add (local.get $s) PSIZE))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $loop)))
    FLAGRESULT)

  ;; adam(w, g, m, v, pairs, keep, eta, b1, omb1, b2, omb2, c1, c2, eps): m = β₁·m + (1 − β₁)·g,
  ;; v = β₂·v + (1 − β₂)·g·g, θ = keep·θ − (η·(m/c₁))/(√(v/c₂) + ε), with c₁ = 1 − β₁ᵗ and c₂ = 1 − β₂ᵗ.
  (func (export "adam_P")
    (param $w i32) (param $g i32) (param $sm i32) (param $sv i32) (param $pairs i32) (param $keep f64)
    (param $eta f64) (param $b1 f64) (param $omb1 f64) (param $b2 f64) (param $omb2 f64) (param $c1 f64)
    (param $c2 f64) (param $eps f64) (result f64)
    (local $k v128) (local $e v128) (local $vb1 v128) (local $vo1 v128) (local $vb2 v128) (local $vo2 v128)
    (local $vc1 v128) (local $vc2 v128) (local $ep v128) (local $gi v128) (local $m v128) (local $v v128)
    (local $th v128) (local $f v128) (local $zero v128)
    (local.set $k (f64x2.splat (local.get $keep)))
    (local.set $e (f64x2.splat (local.get $eta)))
    (local.set $vb1 (f64x2.splat (local.get $b1)))
    (local.set $vo1 (f64x2.splat (local.get $omb1)))
    (local.set $vb2 (f64x2.splat (local.get $b2)))
    (local.set $vo2 (f64x2.splat (local.get $omb2)))
    (local.set $vc1 (f64x2.splat (local.get $c1)))
    (local.set $vc2 (f64x2.splat (local.get $c2)))
    (local.set $ep (f64x2.splat (local.get $eps)))
    (local.set $zero (v128.const f64x2 0 0))
    FLAGINIT
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $pairs)))
        (local.set $gi (LOAD2 $g))
        (local.set $m (f64x2.add (f64x2.mul (local.get $vb1) (LOAD2 $sm)) (f64x2.mul (local.get $vo1) (local.get $gi))))
        (local.set $v
          (f64x2.add (f64x2.mul (local.get $vb2) (LOAD2 $sv))
            (f64x2.mul (f64x2.mul (local.get $vo2) (local.get $gi)) (local.get $gi))))
        (STORE2 $sm $m)
        (STORE2 $sv $v)
        (local.set $th
          (f64x2.sub (f64x2.mul (local.get $k) (LOAD2 $w))
            (f64x2.div (f64x2.mul (local.get $e) (f64x2.div (local.get $m) (local.get $vc1)))
              (f64x2.add (f64x2.sqrt (f64x2.div (local.get $v) (local.get $vc2))) (local.get $ep)))))
        (STORE2 $w $th)
        (FLAG $th)
        (local.set $w (i32.add (local.get $w) PSIZE))
        (local.set $g (i32.add (local.get $g) PSIZE))
        (local.set $sm (i32.add (local.get $sm) PSIZE))
        (local.set $sv (i32.add (local.get $sv) PSIZE))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $loop)))
    FLAGRESULT)

  ;; relu(z, a, count, alpha, leaky): Aˡ = σ(Zˡ) for ReLU, a = z > 0 ? z : 0, or (leaky = 1) leaky ReLU,
  ;; a = z > 0 ? z : α·z (a NaN z gives 0, or α·z; −0 gives +0, as `z > 0 ? z : 0` does). a may be z.
  (func (export "relu_P")
    (param $z i32) (param $a i32) (param $count i32) (param $alpha f64) (param $leaky i32)
    (local $v v128) (local $m v128) (local $al v128) (local $zero v128) (local $x f64) (local $pairs i32)
    (local.set $al (f64x2.splat (local.get $alpha)))
    (local.set $zero (v128.const f64x2 0 0))
    (local.set $pairs (i32.shr_u (local.get $count) (i32.const 1)))
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $pairs)))
        (local.set $v (LOAD2 $z))
        (local.set $m (f64x2.gt (local.get $v) (local.get $zero)))
        (if (local.get $leaky)
          (then
            (local.set $v (v128.bitselect (local.get $v) (f64x2.mul (local.get $al) (local.get $v)) (local.get $m))))
          (else (local.set $v (v128.and (local.get $v) (local.get $m)))))
        (STORE2 $a $v)
        (local.set $z (i32.add (local.get $z) PSIZE))
        (local.set $a (i32.add (local.get $a) PSIZE))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $loop)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $x (LOAD1 $z))
        (if (i32.eqz (f64.gt (local.get $x) (f64.const 0)))
          (then
            (if (local.get $leaky)
              (then (local.set $x (f64.mul (local.get $alpha) (local.get $x))))
              (else (local.set $x (f64.const 0))))))
        (STORE1 $a $x))))

  ;; actbwd(z, a, g, count, kind, alpha): Δ = G ⊙ σ'(Z) in place, for kind 0 ReLU (z > 0 ? g : 0), 1 leaky ReLU
  ;; (z > 0 ? g : α·g), 2 sigmoid (g·a·(1 − a), a = σ(z)) and 3 tanh (g·(1 − a·a), a = tanh z).
  (func (export "actbwd_P")
    (param $z i32) (param $a i32) (param $g i32) (param $count i32) (param $kind i32) (param $alpha f64)
    (local $v v128) (local $m v128) (local $gv v128) (local $al v128) (local $zero v128) (local $one v128)
    (local $x f64) (local $y f64) (local $pairs i32)
    (local.set $al (f64x2.splat (local.get $alpha)))
    (local.set $zero (v128.const f64x2 0 0))
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $pairs (i32.shr_u (local.get $count) (i32.const 1)))
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $pairs)))
        (local.set $gv (LOAD2 $g))
        (block $done
          (if (i32.lt_u (local.get $kind) (i32.const 2))
            (then
              (local.set $m (f64x2.gt (LOAD2 $z) (local.get $zero)))
              (if (local.get $kind)
                (then
                  (local.set $gv
                    (v128.bitselect (local.get $gv) (f64x2.mul (local.get $al) (local.get $gv)) (local.get $m))))
                (else (local.set $gv (v128.and (local.get $gv) (local.get $m)))))
              (br $done)))
          (local.set $v (LOAD2 $a))
          (if (i32.eq (local.get $kind) (i32.const 2))
            (then
              (local.set $gv
                (f64x2.mul (f64x2.mul (local.get $gv) (local.get $v)) (f64x2.sub (local.get $one) (local.get $v)))))
            (else
              (local.set $gv
                (f64x2.mul (local.get $gv) (f64x2.sub (local.get $one) (f64x2.mul (local.get $v) (local.get $v))))))))
        (STORE2 $g $gv)
        (local.set $z (i32.add (local.get $z) PSIZE))
        (local.set $a (i32.add (local.get $a) PSIZE))
        (local.set $g (i32.add (local.get $g) PSIZE))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $loop)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $x (LOAD1 $g))
        (if (i32.lt_u (local.get $kind) (i32.const 2))
          (then
            (if (i32.eqz (f64.gt (LOAD1 $z) (f64.const 0)))
              (then
                (if (local.get $kind)
                  (then (local.set $x (f64.mul (local.get $alpha) (local.get $x))))
                  (else (local.set $x (f64.const 0)))))))
          (else
            (local.set $y (LOAD1 $a))
            (if (i32.eq (local.get $kind) (i32.const 2))
              (then (local.set $x (f64.mul (f64.mul (local.get $x) (local.get $y)) (f64.sub (f64.const 1) (local.get $y)))))
              (else
                (local.set $x (f64.mul (local.get $x) (f64.sub (f64.const 1) (f64.mul (local.get $y) (local.get $y)))))))))
        (STORE1 $g $x))))

  ;; widen(src, dst, count): dst[i] = src[i] for a float64 src (the batch's input rows, copied into scratch): a copy
  ;; for _f64, each entry rounded once to float32 for _f32 (as a JavaScript loop storing into a Float32Array).
  (func (export "widen_P")
    (param $src i32) (param $dst i32) (param $count i32)
    (local $v v128) (local $x f64) (local $pairs i32)
    (local.set $pairs (i32.shr_u (local.get $count) (i32.const 1)))
    (block $end
      (loop $loop
        (br_if $end (i32.eqz (local.get $pairs)))
        (local.set $v (v128.load align=8 (local.get $src)))
        (STORE2 $dst $v)
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) PSIZE))
        (local.set $pairs (i32.sub (local.get $pairs) (i32.const 1)))
        (br $loop)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $x (f64.load (local.get $src)))
        (STORE1 $dst $x))))

  ;; copyrows(src, ldc, dst, m, n): dst[i·n + j] = src[i·ldc/ESIZE + j] (a padded product into its place).
  (func (export "copyrows_P")
    (param $src i32) (param $ldc i32) (param $dst i32) (param $m i32) (param $n i32)
    (local $i i32) (local $j i32) (local $s i32) (local $d i32) (local $v v128) (local $x f64) (local $n2 i32)
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (local.set $i (i32.const 0))
    (block $iend
      (loop $iloop
        (br_if $iend (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $ldc))))
        (local.set $d (i32.add (local.get $dst) (i32.mul (i32.mul (local.get $i) (local.get $n)) ESIZE)))
        (local.set $j (i32.const 0))
        (block $jend
          (loop $jloop
            (br_if $jend (i32.ge_u (local.get $j) (local.get $n2)))
            (local.set $v (LOAD2 $s))
            (STORE2 $d $v)
            (local.set $s (i32.add (local.get $s) PSIZE))
            (local.set $d (i32.add (local.get $d) PSIZE))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $jloop)))
        (if (i32.lt_u (local.get $n2) (local.get $n))
          (then
            (local.set $x (LOAD1 $s))
            (STORE1 $d $x)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop))))

  ;; accum(g, o, count): g[i] = g[i] + o[i] for i < count (another slice's gradient added into the reduced one:
  ;; G = G₀ + G₁ + …, one slice at a time in slice order, as worker-update.ts's loop). Sixteen bytes at a time in
  ;; the storage's own lanes (VADD): a float32 sum rounded once from float64 is the float32 sum, so the bits are
  ;; the JavaScript loop's; the last entries that do not fill sixteen bytes one at a time.
  (func (export "accum_P")
    (param $g i32) (param $o i32) (param $count i32)
    (local $end i32) (local $last i32) (local $x f64)
    (local.set $last (i32.add (local.get $g) (i32.mul (local.get $count) ESIZE)))
    (local.set $end (i32.add (local.get $g) (i32.and (i32.mul (local.get $count) ESIZE) (i32.const -16))))
    (block $vend
      (loop $vloop
        (br_if $vend (i32.ge_u (local.get $g) (local.get $end)))
        (v128.store align=4 (local.get $g) (VADD (v128.load align=4 (local.get $g)) (v128.load align=4 (local.get $o))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $send
      (loop $sloop
        (br_if $send (i32.ge_u (local.get $g) (local.get $last)))
        (local.set $x (f64.add (LOAD1 $g) (LOAD1 $o)))
        (STORE1 $g $x)
        (local.set $g (i32.add (local.get $g) ESIZE))
        (local.set $o (i32.add (local.get $o) ESIZE))
        (br $sloop))))
