# The two commands of the README. Each installs what it needs first.
.PHONY: run test bench
run:
	scripts/run.sh

test:
	scripts/test.sh

# Benchmarks (figures, not pass/fail); listed in the README.
bench:
	scripts/bench.sh
