package io.trimtab.mbeans.optimizer;

import com.codahale.metrics.Timer;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.DescribedMXBean;
import io.trimtab.mbeans.jmx.ObjectNames;
import io.trimtab.mbeans.jvm.JvmSignals;
import io.trimtab.mbeans.optimizer.internal.Cycle;
import io.trimtab.mbeans.optimizer.internal.Engine;
import io.trimtab.mbeans.optimizer.internal.Forecasts;
import io.trimtab.mbeans.optimizer.internal.Journal;
import io.trimtab.mbeans.optimizer.internal.OptimizerBean;
import io.trimtab.mbeans.optimizer.internal.Recorder;
import io.trimtab.mbeans.optimizer.internal.RuleControl;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trimtab's optimizer: resources publish signals, knobs and operations into {@link #signals()}; something
 * calls {@link #sample()} and {@link #runCycle()} on a schedule; rules recommend or apply changes, verify
 * them and roll back what did not help; everything goes to a journal in {@code <dataDir>/trimtab-journal.db}
 * and out as JMX notifications of {@code <domain>:type=Optimizer,name=<name>}.
 */
public final class Optimizer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Optimizer.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ManagementContext context;
    private final String name;
    private final OptimizerConfig config;
    private final SignalRegistry registry;
    private final Journal journal;
    private final Engine engine;
    private final Timer cycleTimer;
    private final List<ObjectName> registered = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final OptimizerBean bean;

    private Optimizer(Builder builder) {
        this.context = builder.context;
        this.name = ObjectNames.requireLegalName("optimizer", builder.name);
        this.config = builder.config;
        this.registry = new SignalRegistry(config.windowSize());
        this.journal = new Journal(context.dataDir().resolve(OptimizerConfig.JOURNAL_FILE), config.journalMaxEntries(),
                config.journalMaxAgeMillis());
        ObjectName objectName = context.objectName("Optimizer", name);
        Recorder recorder = new Recorder(journal, context.clock(), objectName, context.metrics(), name);
        this.engine = new Engine(registry, config, recorder);
        this.cycleTimer = context.metrics().timer("trimtab.optimizer." + name + ".cycle");
        this.bean = new OptimizerBean(this, engine);
        try {
            registered.add(context.registrar().register(objectName, new DescribedMXBean(bean, OptimizerMXBean.class, recorder)));
            if (builder.builtInRules) {
                BuiltInRules.all().forEach(this::addRule);
            }
            if (builder.jvmSignals) {
                JvmSignals.publish(registry, context.dataDir());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** An optimizer for a runtime, named like it: the built-in rules and the JVM's signals, {@link OptimizerConfig#defaults()}. */
    public static Builder builder(ManagementContext context, String name) {
        return new Builder(context, name);
    }

    public String name() {
        return name;
    }

    public OptimizerConfig config() {
        return config;
    }

    /** Where resources publish their signals, knobs and operations. */
    public SignalRegistry signals() {
        return registry;
    }

    public RuleMode mode() {
        return engine.mode();
    }

    /** Sets the global mode: {@code OFF} stops every rule at the next cycle, {@code RECOMMEND} applies nothing. */
    public void mode(RuleMode mode) {
        RuleMode previous = engine.mode();
        engine.mode(Objects.requireNonNull(mode, "mode"));
        if (previous != mode) {
            LOG.info("Optimizer {}: mode {} -> {}", name, previous.lowerCase(), mode.lowerCase());
        }
    }

    /**
     * Adds a rule and registers its MBean {@code <domain>:type=Rule,name=<rule>}.
     *
     * @throws IllegalStateException if a rule of that name exists
     */
    public RuleMXBean addRule(RuleSpec spec) {
        RuleControl rule = new RuleControl(spec);
        engine.add(rule);
        registered.add(context.registrar().register(context.objectName("Rule", spec.name()),
                new DescribedMXBean(rule, RuleMXBean.class)));
        return rule;
    }

    /** The rule of that name, as its MBean sees it. */
    public Optional<RuleMXBean> rule(String ruleName) {
        return engine.rules().stream().filter(r -> r.spec().name().equals(ruleName)).map(r -> (RuleMXBean) r).findFirst();
    }

    /**
     * Changes a rule's spec as a whole, e.g. {@code update("cache.undersized", b -> b.mode(RuleMode.RECOMMEND))}.
     *
     * @throws IllegalArgumentException for an unknown rule or a value the spec refuses; nothing changes
     */
    public void updateRule(String ruleName, UnaryOperator<RuleSpec.Builder> change) {
        engine.rules().stream().filter(r -> r.spec().name().equals(ruleName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("rule '" + ruleName + "' is not known"))
                .update(change);
    }

    public List<RuleSpec> rules() {
        return engine.rules().stream().map(RuleControl::spec).toList();
    }

    /** Reads every signal once into its window, stamped with the context's clock; returns how many were read. */
    public int sample() {
        return registry.sample(context.clock().millis());
    }

    /** Runs one cycle: verifications, every rule, the health score. */
    public synchronized CycleSummary runCycle() {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long wallStart = System.nanoTime();
        long now = context.clock().millis();
        Cycle cycle = journal.inOneTransaction(() -> engine.run(now));
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuStart;
        cycleTimer.update(System.nanoTime() - wallStart, TimeUnit.NANOSECONDS);
        return bean.cycleDone(cycle, now, cpu);
    }

    /** Applies the journal's retention (by count and by age); returns how many entries were dropped. */
    public int pruneJournal() {
        return journal.prune(context.clock().millis());
    }

    public int healthScore() {
        return engine.healthScore();
    }

    /** What each component of {@link #healthScore()} cost at the last cycle, one per component a signal feeds. */
    public List<HealthPenalty> healthPenalties() {
        return engine.healthPenalties();
    }

    public List<Forecast> forecasts() {
        return Forecasts.of(registry, engine.rules());
    }

    public List<Alert> alerts() {
        return engine.alerts();
    }

    /** The newest {@code n} journal entries, oldest first. */
    public List<JournalEntry> journal(int n) {
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("n must be between 1 and 1000 but was " + n);
        }
        return journal.latest(n);
    }

    /** Whether maintenance (checkpoints, optimize, vacuum) should wait: true while a CPU alert is active. */
    public boolean maintenanceShouldWait() {
        return engine.maintenanceShouldWait();
    }

    public long memoryBudgetUsedBytes() {
        return engine.memoryBudgetUsedBytes();
    }

    /** Unregisters the optimizer's MBeans and closes the journal; calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (int i = registered.size() - 1; i >= 0; i--) {
            context.registrar().unregister(registered.get(i));
        }
        try {
            journal.close();
        } catch (SQLException e) {
            LOG.warn("Optimizer {}: closing the journal failed: {}", name, e.toString());
        }
    }

    /** Configures an {@link Optimizer}. */
    public static final class Builder {
        private final ManagementContext context;
        private final String name;
        private OptimizerConfig config = OptimizerConfig.defaults();
        private boolean builtInRules = true;
        private boolean jvmSignals = true;

        private Builder(ManagementContext context, String name) {
            this.context = Objects.requireNonNull(context, "context");
            this.name = name;
        }

        public Builder config(OptimizerConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Whether to add {@link BuiltInRules#all()}; default true. */
        public Builder builtInRules(boolean enabled) {
            this.builtInRules = enabled;
            return this;
        }

        /** Whether to publish the JVM's own signals ({@link JvmSignals}); default true. */
        public Builder jvmSignals(boolean enabled) {
            this.jvmSignals = enabled;
            return this;
        }

        /**
         * Opens the journal and registers the MBeans.
         *
         * @throws IllegalStateException if the journal cannot be opened or an MBean name is taken
         */
        public Optimizer start() {
            return new Optimizer(this);
        }
    }
}
