package io.trimtab.mbeans.optimizer;

import io.trimtab.mbeans.jmx.Description;

/**
 * {@code <domain>:type=Rule,name=<rule>}: one rule, its settings (writable, validated: a bad value is refused
 * with a message and changes nothing) and what it did. Values are point-in-time.
 */
@Description("An optimizer rule: condition, thresholds, sustain, cooldown, bounds, mode, and how often it fired.")
public interface RuleMXBean {

    @Description("What the rule watches and why.")
    String getDescription();

    @Description("The signal or template it watches, e.g. cache.*.hitRatio.")
    String getSignal();

    @Description("ABOVE or BELOW the threshold, or RISING (trend with R² at least the threshold).")
    String getComparison();

    @Description("What it does when it fires.")
    String getAction();

    @Description("Rule mode: off, recommend or auto; the optimizer's mode caps it.")
    String getMode();

    void setMode(String mode);

    @Description("Where the condition holds.")
    double getThreshold();

    void setThreshold(double threshold);

    @Description("Where the condition clears again (hysteresis).")
    double getClearThreshold();

    void setClearThreshold(double clearThreshold);

    @Description("Samples in a row that must meet the threshold before it fires.")
    int getSustain();

    void setSustain(int sustain);

    @Description("Samples the signal must have before the rule is evaluated.")
    int getMinSamples();

    void setMinSamples(int minSamples);

    @Description("Minimum milliseconds between two firings for one resource.")
    long getCooldownMillis();

    void setCooldownMillis(long cooldownMillis);

    @Description("Lowest value the rule may set a knob to.")
    double getMinValue();

    @Description("Highest value the rule may set a knob to.")
    double getMaxValue();

    @Description("Priority: higher rules get the one change per resource per cycle first.")
    int getPriority();

    @Description("Times fired since start, over all resources it is bound to.")
    long getFirings();

    @Description("When it last fired, ISO-8601 UTC, or an empty string.")
    String getLastFired();

    @Description("Outcome of its last firing or verification.")
    String getLastOutcome();

    @Description("Sets threshold and clear threshold together (the clear threshold must lie on the quiet side).")
    void setThresholds(@Description("Where the condition holds.") double threshold,
                       @Description("Where it clears again.") double clearThreshold);

    @Description("Sets the bounds within which the rule may move a knob.")
    void setBounds(@Description("Lowest value.") double minValue, @Description("Highest value.") double maxValue);
}
