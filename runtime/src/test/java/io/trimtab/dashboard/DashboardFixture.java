package io.trimtab.dashboard;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.pool.ManagedPool;
import io.trimtab.mbeans.pool.PoolSpec;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.testing.Orders;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A runtime with one of each resource the dashboard shows: the cache {@code users}, the pool {@code orders}, the
 * database {@code shop} (and its own pool), and an application signal {@code app.orders.backlog} watched by a rule that
 * alerts above 100. Sampling and cycles run when a test says so, not on a schedule, unless it asks for a schedule.
 */
final class DashboardFixture implements AutoCloseable {

    /** A Jolokia policy that allows reading everything and neither writes nor execs. */
    static final String READ_ONLY_POLICY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <restrict>
              <http><method>get</method><method>post</method></http>
              <commands>
                <command>read</command><command>list</command><command>search</command><command>version</command>
              </commands>
            </restrict>
            """;

    final Trimtab trimtab;
    final ManagedCache<Integer, String> users;
    final ManagedPool orders;
    final ManagedDatabase shop;
    final AtomicInteger backlog = new AtomicInteger();
    private int nextKey;
    private long lastSample;

    private DashboardFixture(Trimtab trimtab) throws SQLException {
        this.trimtab = trimtab;
        try {
            users = trimtab.caches().create("users", Integer.class, String.class,
                    CacheSpec.builder().heapEntries(100).entryBounds(10, 1_000).build());
            orders = trimtab.pools().create("orders", PoolSpec.builder("jdbc:sqlite:" + trimtab.dataDir().resolve("orders.db"))
                    .maxTotal(4).minIdle(0).maxIdle(4).build());
            shop = trimtab.databases().open("shop", trimtab.dataDir().resolve("shop.db"), Profile.SAFE_WAL);
            Orders.createTable(shop);
            trimtab.optimizer().signals().publish(new Signal("app.orders.backlog", "count", backlog::get));
            trimtab.optimizer().addRule(RuleSpec.builder("app.backlog").description("Orders pile up.")
                    .above("app.orders.backlog", 100, 50).sustain(1).build());
        } catch (RuntimeException | SQLException e) {
            trimtab.close();
            throw e;
        }
    }

    /** A runtime named {@code name} in the JMX domain {@code test.<name>}, on a free port, as {@code settings} adjust it. */
    static DashboardFixture start(String name, Path dataDir, UnaryOperator<TrimtabBuilder> settings) throws SQLException {
        TrimtabBuilder builder = Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaPort(0)
                .setting("jobs.sampling", "1h").setting("jobs.optimizationCycle", "1h");
        return new DashboardFixture(settings.apply(builder).start());
    }

    /** A policy file of {@link #READ_ONLY_POLICY} in {@code dir}. */
    static Path readOnlyPolicy(Path dir) throws java.io.IOException {
        return Files.writeString(dir.resolve("read-only-policy.xml"), READ_ONLY_POLICY);
    }

    /** {@code hits} lookups of cached keys and {@code misses} of keys never cached. */
    void lookups(int hits, int misses) {
        for (int i = 0; i < hits; i++) {
            users.put(i, "user " + i);
            users.get(i);
        }
        for (int i = 0; i < misses; i++) {
            users.get(1_000_000 + nextKey++);
        }
    }

    /** Reads every signal once into its window, stamped later than the previous sample. */
    void sample() {
        while (System.currentTimeMillis() <= lastSample) {
            Thread.onSpinWait();
        }
        trimtab.optimizer().sample();
        lastSample = System.currentTimeMillis();
    }

    /** The agent's base URL, e.g. {@code http://127.0.0.1:PORT/}. */
    URI base() {
        return trimtab.jolokiaUrl().orElseThrow().resolve("/");
    }

    URI dashboard() {
        return base().resolve("/trimtab/");
    }

    @Override
    public void close() {
        trimtab.close();
    }
}
