; Facts of bit arithmetic that z3 and cvc4 cannot prove on WP's unbounded
; integers (they answer "unknown" on & and |), checked here on 64-bit
; vectors: make proof runs z3 on this file and requires "unsat" (no
; counter-example to any of them). The proof states each as an ACSL
; axiom, word for word:
;
;   core/npt/npt_internal.h:
;   axiom npt_out_table: \forall integer pa;
;     0 <= pa < 0x1000000000000 && pa % 4096 == 0 ==> npt_out(pa | 3) == pa;
;
;   core/npt/npt_mem.c:
;   axiom npt_out_page: \forall integer e;
;     0 <= e < 0x10000000000000000 ==>
;       0 <= npt_out(e) < 0x1000000000000 && npt_page(npt_out(e));
;
; (npt_out(e) = e & 0x0000fffffffff000, npt_page(x) = x % 4096 == 0: a
; table descriptor made from a page of the pool, desc_table, points back
; at that page; any word's output address is a page below 2^48.)
; Integers in those ranges are their own 64-bit vectors, so the check
; covers the axioms. The assertion is that one of them fails.
(set-logic QF_BV)
(declare-const pa (_ BitVec 64))
(declare-const e (_ BitVec 64))
(define-fun out ((x (_ BitVec 64))) (_ BitVec 64) (bvand x #x0000fffffffff000))
(define-fun out_table () Bool
  (=> (and (bvult pa #x0001000000000000)
           (= (bvurem pa #x0000000000001000) #x0000000000000000))
      (= (out (bvor pa #x0000000000000003)) pa)))
(define-fun out_page () Bool
  (and (bvult (out e) #x0001000000000000)
       (= (bvurem (out e) #x0000000000001000) #x0000000000000000)))
(assert (or (not out_table) (not out_page)))
(check-sat)
