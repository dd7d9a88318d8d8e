; Facts of machine arithmetic that z3 and cvc4 cannot prove on WP's
; unbounded integers, checked here on 64-bit vectors: make proof runs z3
; on this file and requires "unsat" (no counter-example to any of them).
; The proof states each as an ACSL axiom, word for word:
;
;   axiom npt_out_table: \forall integer pa;       (core/npt/npt_internal.h)
;     0 <= pa < 0x1000000000000 && pa % 4096 == 0 ==> npt_out(pa | 3) == pa;
;
; (npt_out(e) = e & 0x0000fffffffff000: a table descriptor made from a page
; of the pool, desc_table, points back at that page.) Integers in that
; range are their own 64-bit vectors, so the check covers the axiom.
;
;   axiom npt_u64_wrap: \forall integer x;         (core/npt/npt_walk.h)
;     -0x10000000000000000 < x < 0 ==> (u64)x == x + 0x10000000000000000;
;
; (C11 6.3.1.3: a negative value converted to u64 wraps to x + 2^64; WP
; leaves it unknown.) Every such x is a - b for 64-bit a < b (a = 0,
; b = -x), and (u64)x is then the machine's a - b: checked with both
; sides zero-extended to 66 bits, where the integers involved are exact.
(set-logic QF_BV)
(declare-const pa (_ BitVec 64))
(declare-const a (_ BitVec 64))
(declare-const b (_ BitVec 64))
(define-fun out_table_fails () Bool
  (and (bvult pa #x0001000000000000)
       (= (bvurem pa #x0000000000001000) #x0000000000000000)
       (not (= (bvand (bvor pa #x0000000000000003) #x0000fffffffff000) pa))))
(define-fun wrap_fails () Bool
  (and (bvult a b)
       (not (= ((_ zero_extend 2) (bvsub a b))
               (bvadd (bvsub ((_ zero_extend 2) a) ((_ zero_extend 2) b))
                      (concat #b01 #x0000000000000000))))))
(assert (or out_table_fails wrap_fails))
(check-sat)
