#!/usr/bin/env bash
# The cross-validation script behind every figure `make eval` prints
# (tests/eval/cv.py), checked on synthetic questions: see tests/eval/cv_test.py.
cd "$(dirname "$0")/.." || exit 1
exec python3 tests/eval/cv_test.py
