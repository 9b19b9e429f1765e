/* clock — the one monotonic clock both programs time things with (build
 * times, PDF engine timeouts, rate-limit windows, benchmarks). Monotonic:
 * it never jumps when the wall clock is set, so only differences between
 * two readings mean anything.
 */
#ifndef MINGBAI_CLOCK_H
#define MINGBAI_CLOCK_H

/* Seconds on CLOCK_MONOTONIC, with nanosecond resolution. */
double clock_seconds(void);

#endif
