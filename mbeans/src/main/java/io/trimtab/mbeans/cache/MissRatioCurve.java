package io.trimtab.mbeans.cache;

/**
 * A cache's predicted hit ratio at sizes within its bounds, from miniature caches fed a hashed sample of its key stream
 * and evicting as Ehcache does: what the cache would have hit at each size on the traffic seen lately. A point is NaN
 * while too few references were sampled.
 *
 * @param entries      sizes, in entries, smallest first
 * @param hitRatios    the predicted hit ratio at each size, 0-1
 * @param samplingRate the share of keys sampled (1 for small key spaces)
 * @param references   sampled references the curve rests on, recent ones weighing most
 */
public record MissRatioCurve(long[] entries, double[] hitRatios, double samplingRate, long references) {
}
