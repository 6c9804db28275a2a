package io.trimtab.mbeans.pool;

import javax.management.ObjectName;
import javax.sql.DataSource;

/**
 * A DBCP2 pool under Trimtab's management. Use it as the {@link DataSource} you used before: every borrow and
 * return through it is measured. {@link #control()} reads and changes it as the pool's MXBean does.
 * {@code unwrap(BasicDataSource.class)} gives the DBCP2 pool itself; connections borrowed from that directly
 * are counted in {@code Active} but not measured.
 */
public interface ManagedPool extends DataSource {

    /** The pool's name, the {@code name} key of its MBean and the {@code <name>} of its metrics. */
    String name();

    /** {@code <domain>:type=ConnectionPool,name=<name>}. */
    ObjectName objectName();

    /** Whether the pool was adopted: Trimtab then leaves it open for its owner when the runtime closes. */
    boolean adopted();

    /** The figures, settings and operations of the pool, the same object its MBean serves. */
    ConnectionPoolMXBean control();
}
