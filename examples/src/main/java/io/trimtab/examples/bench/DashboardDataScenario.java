package io.trimtab.examples.bench;

import io.trimtab.Trimtab;
import io.trimtab.jobs.JobHandle;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.SignalWindow;

/**
 * {@code dashboard-data}: one refresh of the dashboard's data, {@code /trimtab/api/state}, with 100 caches, 10
 * databases and their 10 pools, every window full (the sampler's 360 samples) and every cache's miss-ratio curve
 * drawn. Side by side in one run, in alternating rounds on one kept-alive connection, as the page polls:
 * <ul>
 *   <li>{@code dashboard-data}: the page's poll ({@code ?since=} the newest sample it held) right after the sampling
 *       job took a sample, which made the poll's data while the page watched: the newest two samples of every signal,
 *       the forecasts and curves of the new samples;</li>
 *   <li>{@code dashboard-data-unprepared}: the same poll after a sample taken by a direct call, so that the poll
 *       makes its data itself, as a second page that asks for other samples does;</li>
 *   <li>{@code dashboard-data-idle}: a poll with no sample since (the forecasts and curves left out);</li>
 *   <li>{@code dashboard-data-full}: the whole document, every window whole, as the page's first load asks.</li>
 * </ul>
 */
final class DashboardDataScenario implements Scenario {

    private static final String STATE = "/trimtab/api/state";
    /** Lookups per cache before the windows fill: enough sampled references for each cache's miss-ratio curve. */
    private static final int CURVE_LOOKUPS = 1_500;
    /** Lookups per cache between two samples, over a working set larger than the cache can hold. */
    private static final int LOOKUPS_PER_SAMPLE = 20;

    @Override
    public String name() {
        return "dashboard-data";
    }

    @Override
    public String description() {
        return "one refresh of the dashboard's data with 100 caches, 10 pools and 10 databases and full windows:"
                + " the page's poll after a sample, made ahead by the sampler or by the poll, with none, and the whole"
                + " document";
    }

    @Override
    public void run(RunLength length, Report report) throws Exception {
        try (JolokiaFleet fleet = new JolokiaFleet("bench.dashboard", true, 100, 10, "1h")) {
            Optimizer optimizer = fleet.trimtab.optimizer();
            Traffic traffic = new Traffic(fleet);
            traffic.lookups(CURVE_LOOKUPS);
            int samples = length.pick(60, optimizer.config().windowSize()); // a quick run's windows are a sixth full
            for (int i = 0; i < samples; i++) {
                traffic.sample();
            }
            SignalWindow clock = optimizer.signals().window("cache.c0.hitRatio").orElseThrow();
            try (AgentClient page = new AgentClient(fleet.trimtab.jolokiaUrl().orElseThrow())) {
                String whole = page.get(STATE);
                long newest = clock.lastTimes(1)[0];
                String idle = page.get(STATE + "?since=" + newest);
                traffic.sample();
                String fresh = page.get(STATE + "?since=" + newest);
                report.detail("%d signals of %d samples each; the whole document %d KiB, a poll after a sample %d KiB,"
                                + " with none %d KiB", optimizer.signals().windows().size(), clock.size(),
                        whole.length() / 1024, fresh.length() / 1024, idle.length() / 1024);
                if (!whole.contains("\"curve\"")) {
                    throw new IllegalStateException("the caches' miss-ratio curves are missing from the document");
                }

                int rounds = length.pick(2, 10);
                int perRound = length.pick(10, 60);
                Latencies prepared = new Latencies();
                Latencies unprepared = new Latencies();
                Latencies idlePolls = new Latencies();
                Latencies full = new Latencies();
                for (int round = -1; round < rounds; round++) { // round -1 warms up
                    boolean warmup = round < 0;
                    pollsAfterSamples(perRound, page, clock, traffic::sampleByJob, warmup ? new Latencies() : prepared);
                    pollsAfterSamples(perRound, page, clock, traffic::sample, warmup ? new Latencies() : unprepared);
                    long held = clock.lastTimes(1)[0];
                    (warmup ? new Latencies() : idlePolls).time(perRound, () -> page.get(STATE + "?since=" + held));
                    (warmup ? new Latencies() : full).time(perRound, () -> page.get(STATE));
                }
                report.detail("poll after the sampling job's sample, made ahead: p50 %.2f ms, p99 %.2f ms (%d polls)",
                        prepared.millis(0.5), prepared.millis(0.99), prepared.count());
                report.detail("poll after a sample taken directly, made by the poll: p50 %.2f ms, p99 %.2f ms",
                        unprepared.millis(0.5), unprepared.millis(0.99));
                report.detail("poll with no new sample: p50 %.2f ms, p99 %.2f ms", idlePolls.millis(0.5),
                        idlePolls.millis(0.99));
                report.detail("whole document: p50 %.2f ms, p99 %.2f ms", full.millis(0.5), full.millis(0.99));
                report.result("dashboard-data", prepared.millis(0.5), "ms", Report.Goal.atMost(5));
                report.result("dashboard-data-p99", prepared.millis(0.99), "ms");
                report.result("dashboard-data-unprepared", unprepared.millis(0.5), "ms");
                report.result("dashboard-data-idle", idlePolls.millis(0.5), "ms", Report.Goal.atMost(5));
                report.result("dashboard-data-full", full.millis(0.5), "ms", Report.Goal.atMost(5));
            }
        }
    }

    /** Each time: a sample, untimed, then the page's poll for the samples since the newest it held, timed. */
    private static void pollsAfterSamples(int times, AgentClient page, SignalWindow clock, Latencies.Call sample,
                                          Latencies polls) throws Exception {
        for (int i = 0; i < times; i++) {
            long held = clock.lastTimes(1)[0];
            sample.run();
            polls.timeOnce(() -> page.get(STATE + "?since=" + held));
        }
    }

    /** Lookups on every cache of the fleet, and samples stamped a millisecond apart at least. */
    private static final class Traffic {
        private final JolokiaFleet fleet;
        private long next;
        private long lastSample;

        Traffic(JolokiaFleet fleet) {
            this.fleet = fleet;
        }

        /** {@code perCache} lookups on each cache, over 400 keys in turn (its 1,000 entries hold them all). */
        void lookups(int perCache) {
            for (String name : fleet.trimtab.caches().names()) {
                ManagedCache<Long, String> cache = fleet.trimtab.caches().get(name, Long.class, String.class);
                for (int i = 0; i < perCache; i++) {
                    cache.getOrLoad((next + i) % 400, key -> "value " + key);
                }
            }
            next += perCache;
        }

        /** A sample by a direct call, as a test or an embedding server may take one. */
        void sample() {
            nextMillisecond();
            fleet.trimtab.optimizer().sample();
            lastSample = System.currentTimeMillis();
        }

        /** A sample by the runtime's sampling job, which then makes the data of a watching page's next poll. */
        void sampleByJob() throws InterruptedException {
            nextMillisecond();
            JobHandle sampling = fleet.trimtab.jobs().get(Trimtab.SAMPLING_JOB);
            long runs = sampling.status().runCount();
            sampling.triggerNow();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sampling.status().runCount() == runs) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the sampling job did not run within 10 s");
                }
                Thread.sleep(1);
            }
            lastSample = System.currentTimeMillis();
        }

        private void nextMillisecond() {
            lookups(LOOKUPS_PER_SAMPLE);
            while (System.currentTimeMillis() <= lastSample) {
                Thread.onSpinWait();
            }
        }
    }
}
