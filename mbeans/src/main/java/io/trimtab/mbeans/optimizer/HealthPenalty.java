package io.trimtab.mbeans.optimizer;

/**
 * What one component of the health score cost at the last cycle. Point-in-time.
 *
 * @param component the component's signal, e.g. {@code cache.*.hitRatio} or {@code jvm.cpu.process}
 * @param signal    the signal that cost the most for it, e.g. {@code cache.users.hitRatio}
 * @param value     that signal's latest value
 * @param good      the value at and beyond which the component costs nothing
 * @param bad       the value at and beyond which it costs its whole weight
 * @param weight    the most it can cost
 * @param penalty   what it costs now, 0 to {@code weight}
 */
public record HealthPenalty(String component, String signal, double value, double good, double bad, double weight,
                            double penalty) {
}
