package io.trimtab.examples.demo;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the demo's figures moving: two threads asking for users with a skewed key distribution (a few hot
 * users, a long tail), recording every tenth request as a visit, and now and then asking for recent visitors
 * (a query without an index); about a thousand requests a second in all.
 */
final class LoadGenerator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoadGenerator.class);
    private static final int THREADS = 2;

    private final ExecutorService threads;
    private volatile boolean running = true;

    private LoadGenerator(Demo demo) {
        threads = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "demo-load");
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < THREADS; i++) {
            threads.execute(() -> run(demo));
        }
    }

    static LoadGenerator start(Demo demo) {
        return new LoadGenerator(demo);
    }

    private void run(Demo demo) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long requests = 0;
        while (running) {
            try {
                double skew = Math.pow(random.nextDouble(), 3);
                long id = 1 + (long) (skew * UserStore.USERS);
                demo.user(id);
                requests++;
                if (requests % 10 == 0) {
                    demo.store().recordVisit(id, System.currentTimeMillis());
                }
                if (requests % 50 == 0) {
                    demo.store().recentVisitors(System.currentTimeMillis() - 60_000, 20);
                }
                TimeUnit.MILLISECONDS.sleep(2);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                LOG.warn("demo load: {}", e.toString());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
