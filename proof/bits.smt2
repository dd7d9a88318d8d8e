; Facts of bit arithmetic that z3 and cvc4 cannot prove on WP's unbounded
; integers (they answer "unknown" on & and |), checked here on 64-bit
; vectors: make proof runs z3 on this file and requires "unsat" (no
; counter-example). The map layer's proof is to state each as an ACSL
; axiom, word for word, in core/npt/npt_internal.h:
;
;   axiom npt_out_table: \forall integer pa;
;     0 <= pa < 0x1000000000000 && pa % 4096 == 0 ==> npt_out(pa | 3) == pa;
;
; (npt_out(e) = e & 0x0000fffffffff000: a table descriptor made from a page
; of the pool, desc_table, points back at that page.) Integers in that
; range are their own 64-bit vectors, so the check covers the axiom.
(set-logic QF_BV)
(declare-const pa (_ BitVec 64))
(assert (bvult pa #x0001000000000000))
(assert (= (bvurem pa #x0000000000001000) #x0000000000000000))
(assert (not (= (bvand (bvor pa #x0000000000000003) #x0000fffffffff000) pa)))
(check-sat)
