package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.RuleAction;
import io.trimtab.mbeans.optimizer.RuleMXBean;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * One rule at run time: its current spec (replaced whole, validated, on every change) and its state per
 * bound resource. The engine reads the spec once per evaluation.
 */
public final class RuleControl implements RuleMXBean {

    /**
     * Per bound resource: latched (fired and not yet cleared), last firing, escalation step, rollbacks in a row,
     * and the last recommendation journaled (not repeated while nothing changes).
     */
    static final class Binding {
        boolean active;
        String lastRecommendation;
        long lastFiredMillis = Long.MIN_VALUE;
        int escalation;
        int rollbacks;
    }

    /** A window this rule evaluates, and the resource it stands for. */
    record Bound(SignalWindow window, String resource) {
    }

    private volatile RuleSpec spec;
    private volatile SignalPattern pattern;
    private SignalPattern boundPattern;
    private long boundVersion;
    private List<Bound> bound = List.of();
    private Set<String> boundNames = Set.of();
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
    private final AtomicLong fireCount = new AtomicLong();
    private volatile String lastFired = "";
    private volatile String lastOutcome = "";

    public RuleControl(RuleSpec spec) {
        this.spec = spec;
        this.pattern = new SignalPattern(spec.signal());
    }

    public RuleSpec spec() {
        return spec;
    }

    SignalPattern pattern() {
        return pattern;
    }

    /**
     * The windows the rule's signal binds to in {@code registry}, matched again only when the registry or the
     * rule's signal changed: a cycle then costs no string matching. Called by the engine, one cycle at a time.
     */
    List<Bound> bound(SignalRegistry registry) {
        SignalPattern current = pattern;
        long version = registry.version();
        if (current != boundPattern || version != boundVersion) {
            List<Bound> matched = new ArrayList<>();
            for (SignalWindow window : current.template() ? registry.windows()
                    : registry.window(current.prefix()).stream().toList()) {
                String resource = current.bind(window.signal().name());
                if (resource != null) {
                    matched.add(new Bound(window, resource));
                }
            }
            bound = List.copyOf(matched);
            boundNames = matched.stream().map(Bound::resource).collect(Collectors.toUnmodifiableSet());
            boundPattern = current;
            boundVersion = version;
        }
        return bound;
    }

    /** The resources of the last {@link #bound} call. */
    Set<String> boundNames() {
        return boundNames;
    }

    Binding binding(String resource) {
        return bindings.computeIfAbsent(resource, r -> new Binding());
    }

    /** The resources this rule holds state for. */
    Set<String> boundResources() {
        return bindings.keySet();
    }

    void forget(String resource) {
        bindings.remove(resource);
    }

    void fired(long nowMillis, String outcome) {
        fireCount.incrementAndGet();
        lastFired = Instant.ofEpochMilli(nowMillis).toString();
        lastOutcome = outcome;
    }

    void outcome(String outcome) {
        lastOutcome = outcome;
    }

    /** Applies a change to the spec as a whole; a change the spec refuses throws and leaves everything as it was. */
    public synchronized void update(UnaryOperator<RuleSpec.Builder> change) {
        RuleSpec changed = change.apply(spec.toBuilder()).build();
        pattern = new SignalPattern(changed.signal());
        spec = changed;
    }

    @Override
    public String getDescription() {
        return spec.description();
    }

    @Override
    public String getSignal() {
        return spec.signal();
    }

    @Override
    public String getComparison() {
        return spec.comparison().name();
    }

    @Override
    public String getAction() {
        RuleAction action = spec.action();
        if (action instanceof RuleAction.KnobStep step) {
            return step.factor() != 1 ? "multiply " + step.knob() + " by " + step.factor()
                    : "add " + step.delta() + " to " + step.knob();
        } else if (action instanceof RuleAction.ShrinkLargest shrink) {
            return "multiply the largest knob tagged " + shrink.tag() + " by " + shrink.factor();
        } else if (action instanceof RuleAction.RunOperation run) {
            return "run " + String.join(", escalating to ", run.escalation());
        }
        return "alert " + spec.severity().name();
    }

    @Override
    public String getMode() {
        return spec.mode().lowerCase();
    }

    @Override
    public void setMode(String mode) {
        RuleMode parsed = RuleMode.parse("mode", mode);
        update(b -> b.mode(parsed));
    }

    @Override
    public double getThreshold() {
        return spec.threshold();
    }

    @Override
    public void setThreshold(double threshold) {
        update(b -> b.threshold(threshold));
    }

    @Override
    public double getClearThreshold() {
        return spec.clearThreshold();
    }

    @Override
    public void setClearThreshold(double clearThreshold) {
        update(b -> b.clearThreshold(clearThreshold));
    }

    @Override
    public void setThresholds(double threshold, double clearThreshold) {
        update(b -> b.threshold(threshold).clearThreshold(clearThreshold));
    }

    @Override
    public int getSustain() {
        return spec.sustain();
    }

    @Override
    public void setSustain(int sustain) {
        update(b -> b.sustain(sustain));
    }

    @Override
    public int getMinSamples() {
        return spec.minSamples();
    }

    @Override
    public void setMinSamples(int minSamples) {
        update(b -> b.minSamples(minSamples));
    }

    @Override
    public long getCooldownMillis() {
        return spec.cooldownMillis();
    }

    @Override
    public void setCooldownMillis(long cooldownMillis) {
        update(b -> b.cooldownMillis(cooldownMillis));
    }

    @Override
    public double getMinValue() {
        return spec.minValue();
    }

    @Override
    public double getMaxValue() {
        return spec.maxValue();
    }

    @Override
    public void setBounds(double minValue, double maxValue) {
        update(b -> b.bounds(minValue, maxValue));
    }

    @Override
    public int getPriority() {
        return spec.priority();
    }

    @Override
    public long getFirings() {
        return fireCount.get();
    }

    @Override
    public String getLastFired() {
        return lastFired;
    }

    @Override
    public String getLastOutcome() {
        return lastOutcome;
    }
}
