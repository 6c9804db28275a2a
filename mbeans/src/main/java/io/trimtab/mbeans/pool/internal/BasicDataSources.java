package io.trimtab.mbeans.pool.internal;

import static io.trimtab.mbeans.Checks.requireArgument;
import static io.trimtab.mbeans.Checks.requireState;

import io.trimtab.mbeans.pool.PoolSpec;
import io.trimtab.mbeans.pool.ResizeBounds;
import java.sql.SQLException;
import org.apache.commons.dbcp2.BasicDataSource;

/** Makes a DBCP2 pool from a spec, and checks that a pool made elsewhere can be managed. */
public final class BasicDataSources {

    private BasicDataSources() {
    }

    /** A started DBCP2 pool with the spec's settings. */
    public static BasicDataSource start(String name, PoolSpec spec) {
        BasicDataSource dataSource = new BasicDataSource();
        dataSource.setUrl(spec.url());
        spec.driverProperties().forEach(dataSource::addConnectionProperty);
        dataSource.setMaxTotal(spec.maxTotal());
        dataSource.setMaxIdle(spec.maxIdle());
        dataSource.setMinIdle(spec.minIdle());
        dataSource.setMaxWait(spec.maxWait());
        if (!spec.validationQuery().isEmpty()) {
            dataSource.setValidationQuery(spec.validationQuery());
        }
        dataSource.setTestOnBorrow(spec.testOnBorrow());
        if (!spec.evictionInterval().isZero()) {
            dataSource.setDurationBetweenEvictionRuns(spec.evictionInterval());
        }
        dataSource.setMinEvictableIdle(spec.idleTimeout());
        if (!spec.abandonedTimeout().isZero()) {
            dataSource.setRemoveAbandonedOnBorrow(true);
            dataSource.setRemoveAbandonedOnMaintenance(true);
            dataSource.setRemoveAbandonedTimeout(spec.abandonedTimeout());
        }
        startOrClose(name, dataSource, true);
        return dataSource;
    }

    /** Starts {@code dataSource} unless it runs already, after checking that it can be managed within bounds. */
    public static void requireAdoptable(String name, BasicDataSource dataSource, ResizeBounds bounds) {
        requireState(!dataSource.isClosed(), "cannot adopt pool '%s': its BasicDataSource is closed", name);
        int maxTotal = dataSource.getMaxTotal();
        requireArgument(bounds.contains(maxTotal), "maxTotal of adopted pool '%s' must be within resizeBounds %s but was %d",
                name, bounds, maxTotal);
        startOrClose(name, dataSource, false);
    }

    private static void startOrClose(String name, BasicDataSource dataSource, boolean closeOnFailure) {
        try {
            dataSource.start();
        } catch (SQLException e) {
            if (closeOnFailure) {
                try {
                    dataSource.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("cannot start pool '" + name + "': " + e.getMessage(), e);
        }
    }
}
