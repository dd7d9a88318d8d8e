# Placeholder: the test suite's rules land here.
.PHONY: test-host
test-host: host
