# Placeholder: the EL2 image's rules land here.
.PHONY: el2
el2:
