package io.trimtab.examples.bench;

/**
 * One headline comparison of the benchmark runner: it runs its variants side by side in one run, prints what it
 * sees as it goes, and reports its figures through {@link Report#result}.
 */
public interface Scenario {

    /** The name given on the command line, and the prefix of the figures it reports. */
    String name();

    /** One line: what is compared with what. */
    String description();

    /**
     * Runs the scenario.
     *
     * @param length how long to measure: {@link RunLength#QUICK} is a smoke check, {@link RunLength#FULL} the run to quote
     * @param report where the figures go
     */
    void run(RunLength length, Report report) throws Exception;
}
