; Facts of machine arithmetic that z3 and cvc4 cannot prove on WP's
; unbounded integers (they answer "unknown" on & and |, and WP leaves the
; conversion of a negative number to u64 unknown), checked here on
; bit-vectors: make proof runs z3 on this file and requires "unsat" (no
; counter-example to any of them). The proof states each as an ACSL
; axiom, word for word:
;
;   core/npt/npt_internal.h:
;   axiom npt_out_table: \forall integer pa;
;     0 <= pa < 0x1000000000000 && pa % 4096 == 0 ==> npt_out(pa | 3) == pa;
;   axiom npt_idx_range: \forall integer a, l; 0 <= a && 0 <= l <= 3 ==>
;     0 <= npt_idx(a, l) < 512;
;
;   core/npt/npt_mem.c:
;   axiom npt_out_page: \forall integer e;
;     0 <= e < 0x10000000000000000 ==>
;       0 <= npt_out(e) < 0x1000000000000 && npt_page(npt_out(e));
;
;   core/npt/npt_desc.c:
;   axiom npt_or_nonzero: \forall integer a, b;
;     0 < a < 0x10000000000000000 && 0 <= b < 0x10000000000000000 ==> (a | b) != 0;
;
;   core/npt/npt_walk.h:
;   axiom npt_u64_wrap: \forall integer x;
;     -0x10000000000000000 < x < 0 ==> (u64)x == x + 0x10000000000000000;
;
; npt_out(e) = e & 0x0000fffffffff000, npt_page(x) = x % 4096 == 0,
; npt_idx(a, l) = (a >> (39 - 9 * l)) & 511. In words: a table descriptor
; made from a page of the pool (desc_table) points back at that page; an
; index is below 512; any word's output address is a page below 2^48; a
; non-zero word OR any word is non-zero (a leaf built on a page is never
; the empty entry); a negative value converted to u64 wraps to x + 2^64 (C11 6.3.1.3).
;
; Coverage: integers in the ranges of npt_out_table, npt_out_page and
; npt_or_nonzero are
; their own 64-bit vectors. npt_idx's "& 511" keeps the low 9 bits of a
; non-negative shift result, which a 64-bit vector holds for every a (the
; bits above 63 never reach them), so the 64-bit check covers every a >= 0.
; For npt_u64_wrap, every such x is a - b for 64-bit a < b (a = 0, b = -x),
; and (u64)x is then the machine's a - b: checked with both sides
; zero-extended to 66 bits, where the integers involved are exact.
(set-logic QF_BV)
(declare-const pa (_ BitVec 64))
(declare-const e (_ BitVec 64))
(declare-const a (_ BitVec 64))
(declare-const b (_ BitVec 64))
(declare-const l (_ BitVec 64))
(define-fun out ((x (_ BitVec 64))) (_ BitVec 64) (bvand x #x0000fffffffff000))
(define-fun out_table () Bool
  (=> (and (bvult pa #x0001000000000000)
           (= (bvurem pa #x0000000000001000) #x0000000000000000))
      (= (out (bvor pa #x0000000000000003)) pa)))
(define-fun out_page () Bool
  (and (bvult (out e) #x0001000000000000)
       (= (bvurem (out e) #x0000000000001000) #x0000000000000000)))
(define-fun idx_range () Bool
  (=> (bvule l #x0000000000000003)
      (bvult (bvand (bvlshr a (bvsub #x0000000000000027 (bvmul #x0000000000000009 l)))
                    #x00000000000001ff)
             #x0000000000000200)))
(define-fun or_nonzero () Bool
  (=> (not (= a #x0000000000000000))
      (not (= (bvor a b) #x0000000000000000))))
(define-fun wrap () Bool
  (=> (bvult a b)
      (= ((_ zero_extend 2) (bvsub a b))
         (bvadd (bvsub ((_ zero_extend 2) a) ((_ zero_extend 2) b))
                (concat #b01 #x0000000000000000)))))
(assert (or (not out_table) (not out_page) (not idx_range) (not or_nonzero) (not wrap)))
(check-sat)
