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
;;   (NZ1 $p)        1 when the entry at byte address $p has a bit set (is not +0), else 0, as i32
;;   (COPY1 $d $s)   copies the entry at byte address $s to $d bit for bit
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

  ;; nzcols(x, rows, cols, any, idx): the columns of the row-major rows × cols matrix x that hold a set bit in some
  ;; row, as i32 column numbers at idx in ascending order, with as many columns of +0 (the first ones) as make their
  ;; count a multiple of 4 (fewer where x has too few); returns the count. A column of +0 in every row is left out,
  ;; every other one (-0 too) is kept. any (cols entries, scratch) receives each column's rows or-ed bit by bit. The
  ;; plan's first layer multiplies by the kept columns only (worker-step.ts): a term 0·w adds ±0, which changes no sum
  ;; that starts from +0.
  (func (export "nzcols_P")
    (param $x i32) (param $rows i32) (param $cols i32) (param $any i32) (param $idx i32) (result i32)
    (local $bytes i32) (local $vend i32) (local $r i32) (local $s i32) (local $d i32) (local $c i32) (local $n i32)
    (local $need i32) (local $nz i32) (local $w i32) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local.set $bytes (i32.mul (local.get $cols) ESIZE))
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
        (local.set $d (i32.add (local.get $any) (i32.mul (local.get $c) ESIZE)))
        (local.set $n (i32.add (local.get $n) (NZ1 $d)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $cloop)))
    (local.set $need (i32.and (i32.sub (i32.const 0) (local.get $n)) (i32.const 3)))
    (local.set $n (i32.const 0))
    (local.set $c (i32.const 0))
    (block $lend
      (loop $lloop
        (br_if $lend (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $d (i32.add (local.get $any) (i32.mul (local.get $c) ESIZE)))
        (local.set $nz (NZ1 $d))
        (if (i32.or (local.get $nz) (i32.ne (local.get $need) (i32.const 0)))
          (then
            (if (i32.eqz (local.get $nz)) (then (local.set $need (i32.sub (local.get $need) (i32.const 1)))))
            (i32.store (i32.add (local.get $idx) (i32.shl (local.get $n) (i32.const 2))) (local.get $c))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $lloop)))
    (local.get $n))

  ;; gathercols(x, rows, cols, idx, count, out): out[r·count + p] = x[r·cols + idx[p]] for r < rows, p < count (the
  ;; columns nzcols kept, bit for bit, as a row-major rows × count matrix).
  (func (export "gathercols_P")
    (param $x i32) (param $rows i32) (param $cols i32) (param $idx i32) (param $count i32) (param $out i32)
    (local $r i32) (local $s i32) (local $q i32) (local $qend i32) (local $rb i32) (local $e i32) (local $ob i32)
    (local $o2 i32)
    (local.set $rb (i32.mul (local.get $cols) ESIZE))
    (local.set $ob (i32.mul (local.get $count) ESIZE))
    (local.set $qend (i32.add (local.get $idx) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $s (local.get $x))
    (local.set $r (i32.const 0))
    ;; two rows at a time (one load of each column number for both)
    (block $rend
      (loop $rloop
        (br_if $rend (i32.ge_u (i32.add (local.get $r) (i32.const 1)) (local.get $rows)))
        (local.set $q (local.get $idx))
        (local.set $o2 (i32.add (local.get $out) (local.get $ob)))
        (block $pend
          (loop $ploop
            (br_if $pend (i32.ge_u (local.get $q) (local.get $qend)))
            (local.set $e (i32.add (local.get $s) (i32.mul (i32.load (local.get $q)) ESIZE)))
            (COPY1 $out $e)
            (local.set $e (i32.add (local.get $e) (local.get $rb)))
            (COPY1 $o2 $e)
            (local.set $out (i32.add (local.get $out) ESIZE))
            (local.set $o2 (i32.add (local.get $o2) ESIZE))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $ploop)))
        (local.set $out (local.get $o2))
        (local.set $s (i32.add (local.get $s) (i32.shl (local.get $rb) (i32.const 1))))
        (local.set $r (i32.add (local.get $r) (i32.const 2)))
        (br $rloop)))
    (if (i32.lt_u (local.get $r) (local.get $rows))
      (then
        (local.set $q (local.get $idx))
        (block $lend
          (loop $lloop
            (br_if $lend (i32.ge_u (local.get $q) (local.get $qend)))
            (local.set $e (i32.add (local.get $s) (i32.mul (i32.load (local.get $q)) ESIZE)))
            (COPY1 $out $e)
            (local.set $out (i32.add (local.get $out) ESIZE))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $lloop))))))

  ;; scatterrows(g, idx, count, rows, n): the count rows of n entries at the start of g (rows × n, row-major) moved to
  ;; rows idx[0] < idx[1] < … (idx[p] ≥ p), every other row set to +0: the first layer's weight gradient, computed for
  ;; nzcols' columns only, in its place (a row of zeros in the input gives the gradient Σ 0·δ = +0 for finite δ).
  ;; From the last row down, so a row moves before anything is written over it.
  (func (export "scatterrows_P")
    (param $g i32) (param $idx i32) (param $count i32) (param $rows i32) (param $n i32)
    (local $rb i32) (local $i i32) (local $r i32) (local $at i32)
    (local.set $rb (i32.mul (local.get $n) ESIZE))
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

  ;; packrows(b, idx, k, n, d): packs rows idx[0 … k−1] of the row-major B (n entries a row) into d as the panels the
  ;; GEMM kernel of the precision reads (as packb / packbf32 do for rows 0 … k−1): panel c, its columns the 32 bytes
  ;; from entry c·32/ESIZE, at d + 32ck, its row p at + 32p; zero past column n.
  (func (export "packrows_P")
    (param $b i32) (param $idx i32) (param $k i32) (param $n i32) (param $d i32)
    (local $rb i32) (local $w i32) (local $q i32) (local $qend i32) (local $s i32) (local $j i32)
    (local $e i32) (local $f i32) (local $full i32) (local $pstride i32) (local $dp i32)
    (local.set $rb (i32.mul (local.get $n) ESIZE))
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
        (local.set $e (i32.add (local.get $s) (local.get $full)))
        (local.set $f (local.get $dp))
        (block $cend
          (loop $cloop
            (br_if $cend (i32.ge_u (local.get $s) (local.get $e)))
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
                (local.set $e (i32.add (local.get $d) (local.get $j)))
                (local.set $f (i32.add (local.get $s) (local.get $j)))
                (COPY1 $e $f)
                (local.set $j (i32.add (local.get $j) ESIZE))
                (br $jloop)))
            (local.set $d (i32.add (local.get $d) (i32.const 32)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (br $tloop))))))
