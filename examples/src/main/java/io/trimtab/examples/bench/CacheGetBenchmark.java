package io.trimtab.examples.bench;

import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A get through a Trimtab managed cache, beside the same get on a raw Ehcache cache of the same
 * configuration (heap entries, a five-minute time to live) and on Caffeine as the field's reference; hit and
 * miss paths. Run with {@code -t 1} and {@code -t 2}:
 * {@code java -jar examples/target/trimtab-bench.jar CacheGetBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s -t 1}.
 *
 * <p>The {@code SideBySide} groups run a managed and a raw thread at the same time, so that on a shared,
 * busy machine both see the same interference and their ratio stays meaningful when separate runs drift.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CacheGetBenchmark {

    private static final int ENTRIES = 1 << 12;
    private static final Duration TTL = Duration.ofMinutes(5);

    private Caches caches;
    private ManagedCache<Integer, String> managed;
    private CacheManager rawManager;
    private Cache<Integer, String> raw;
    private com.github.benmanes.caffeine.cache.Cache<Integer, String> caffeine;
    private Integer[] present;
    private Integer[] absent;

    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        int next() {
            return next++ & (ENTRIES - 1);
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
        caches = new Caches(new ManagementContext("bench.cache", registrar, new MetricRegistry(),
                Path.of(System.getProperty("java.io.tmpdir")), Clock.systemUTC()));
        managed = caches.create("bench", Integer.class, String.class,
                CacheSpec.builder().heapEntries(ENTRIES * 2).timeToLive(TTL).build());
        rawManager = CacheManagerBuilder.newCacheManagerBuilder().build(true);
        raw = rawManager.createCache("bench", CacheConfigurationBuilder
                .newCacheConfigurationBuilder(Integer.class, String.class, ResourcePoolsBuilder.heap(ENTRIES * 2))
                .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(TTL)));
        caffeine = Caffeine.newBuilder().maximumSize(ENTRIES * 2).expireAfterWrite(TTL).build();
        present = new Integer[ENTRIES];
        absent = new Integer[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            present[i] = i;
            absent[i] = ENTRIES + i;
            managed.put(i, "value " + i);
            raw.put(i, "value " + i);
            caffeine.put(i, "value " + i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        caches.close();
        rawManager.close();
    }

    @Benchmark
    public String hitManaged(Cursor cursor) {
        return managed.get(present[cursor.next()]);
    }

    @Benchmark
    public String hitEhcache(Cursor cursor) {
        return raw.get(present[cursor.next()]);
    }

    @Benchmark
    public String hitCaffeine(Cursor cursor) {
        return caffeine.getIfPresent(present[cursor.next()]);
    }

    @Benchmark
    public String missManaged(Cursor cursor) {
        return managed.get(absent[cursor.next()]);
    }

    @Benchmark
    public String missEhcache(Cursor cursor) {
        return raw.get(absent[cursor.next()]);
    }

    @Benchmark
    public String missCaffeine(Cursor cursor) {
        return caffeine.getIfPresent(absent[cursor.next()]);
    }

    @Benchmark
    @Group("hitSideBySide")
    @GroupThreads(1)
    public String hitSideBySideManaged(Cursor cursor) {
        return managed.get(present[cursor.next()]);
    }

    @Benchmark
    @Group("hitSideBySide")
    @GroupThreads(1)
    public String hitSideBySideEhcache(Cursor cursor) {
        return raw.get(present[cursor.next()]);
    }

    @Benchmark
    @Group("missSideBySide")
    @GroupThreads(1)
    public String missSideBySideManaged(Cursor cursor) {
        return managed.get(absent[cursor.next()]);
    }

    @Benchmark
    @Group("missSideBySide")
    @GroupThreads(1)
    public String missSideBySideEhcache(Cursor cursor) {
        return raw.get(absent[cursor.next()]);
    }
}
