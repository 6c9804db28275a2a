/**
 * Trimtab's benchmarks, run from the shaded jar: {@link io.trimtab.examples.bench.Bench} runs the headline
 * {@link io.trimtab.examples.bench.Scenario}s ({@code java -jar examples/target/trimtab-bench.jar [--quick]}), and
 * {@code java -jar examples/target/trimtab-bench.jar jmh <Benchmark> [JMH options]} the JMH microbenchmarks. Each
 * measures a Trimtab variant beside the bare library it manages, in one run.
 */
package io.trimtab.examples.bench;
