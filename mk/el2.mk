# Placeholder: the EL2 image's rules land here.
.PHONY: el2 test-el2 run
el2:
test-el2:
run:
	@echo "make run: the EL2 image is not built yet"
