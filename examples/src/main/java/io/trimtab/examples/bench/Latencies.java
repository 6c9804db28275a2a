package io.trimtab.examples.bench;

import java.util.ArrayList;
import java.util.List;

/** Wall times of one kind of call, taken one call at a time, and their quantiles. */
final class Latencies {

    /** A call to time. */
    interface Call {
        void run() throws Exception;
    }

    private final List<Long> nanos = new ArrayList<>();

    /** Times {@code times} calls, each alone, and keeps them. */
    void time(int times, Call call) throws Exception {
        for (int i = 0; i < times; i++) {
            timeOnce(call);
        }
    }

    /** Times one call and keeps it. */
    void timeOnce(Call call) throws Exception {
        long started = System.nanoTime();
        call.run();
        nanos.add(System.nanoTime() - started);
    }

    /** Calls {@code times} times without keeping the times: the JIT's warmup. */
    static void warmUp(int times, Call call) throws Exception {
        for (int i = 0; i < times; i++) {
            call.run();
        }
    }

    int count() {
        return nanos.size();
    }

    /** The {@code p}-quantile (0 to 1) in milliseconds. */
    double millis(double p) {
        return AgentClient.quantileMillis(nanos.stream().mapToLong(Long::longValue).toArray(), p);
    }
}
