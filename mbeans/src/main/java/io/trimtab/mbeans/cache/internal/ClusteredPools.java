package io.trimtab.mbeans.cache.internal;

import io.trimtab.mbeans.cache.CacheSpec.ClusteredTier;
import java.util.Optional;
import org.ehcache.clustered.client.config.ClusteredResourceType;
import org.ehcache.clustered.client.config.DedicatedClusteredResourcePool;
import org.ehcache.clustered.client.config.SharedClusteredResourcePool;
import org.ehcache.clustered.client.config.builders.ClusteredResourcePoolBuilder;
import org.ehcache.config.ResourcePools;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;

/** A {@link ClusteredTier} as Ehcache's resource pools, and back. */
public final class ClusteredPools {

    private static final long MEGABYTE = MemoryUnit.MB.toBytes(1);

    private ClusteredPools() {
    }

    /** {@code pools} with the tier added below the others. */
    public static ResourcePoolsBuilder with(ResourcePoolsBuilder pools, ClusteredTier tier) {
        if (tier.sharedPool() != null) {
            return pools.with(ClusteredResourcePoolBuilder.clusteredShared(tier.sharedPool()));
        }
        return pools.with(tier.resource() == null
                ? ClusteredResourcePoolBuilder.clusteredDedicated(tier.megabytes(), MemoryUnit.MB)
                : ClusteredResourcePoolBuilder.clusteredDedicated(tier.resource(), tier.megabytes(), MemoryUnit.MB));
    }

    /** The pools asking for a dedicated tier of {@code megabytes} where {@code tier} is, for a resize. */
    static ResourcePools dedicated(ClusteredTier tier, long megabytes) {
        ClusteredTier resized = tier.resource() == null ? ClusteredTier.dedicated(megabytes)
                : ClusteredTier.dedicated(tier.resource(), megabytes);
        return with(ResourcePoolsBuilder.newResourcePoolsBuilder(), resized).build();
    }

    /** The clustered tier among {@code pools}, dedicated sizes in whole megabytes (rounded up); empty without one. */
    static Optional<ClusteredTier> of(ResourcePools pools) {
        SharedClusteredResourcePool shared = pools.getPoolForResource(ClusteredResourceType.Types.SHARED);
        if (shared != null) {
            return Optional.of(ClusteredTier.shared(shared.getSharedResourcePool()));
        }
        DedicatedClusteredResourcePool dedicated = pools.getPoolForResource(ClusteredResourceType.Types.DEDICATED);
        if (dedicated == null) {
            return Optional.empty();
        }
        long megabytes = Math.max(1, (dedicated.getUnit().toBytes(dedicated.getSize()) + MEGABYTE - 1) / MEGABYTE);
        return Optional.of(new ClusteredTier(megabytes, dedicated.getFromResource(), null));
    }
}
