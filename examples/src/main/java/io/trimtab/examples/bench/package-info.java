/**
 * JMH benchmarks, run from the shaded jar: {@code java -jar examples/target/trimtab-bench.jar <Benchmark> [JMH options]}.
 * Each benchmark measures a Trimtab variant beside the bare library it manages, in one run.
 */
package io.trimtab.examples.bench;
