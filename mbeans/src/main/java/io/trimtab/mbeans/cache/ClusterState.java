package io.trimtab.mbeans.cache;

/** Where a cache stands with the Terracotta server its clustered tier lives on. */
public enum ClusterState {

    /** The cache has no clustered tier. */
    NOT_CLUSTERED,
    /** Connected since the runtime's caches connected, with no loss seen. */
    CONNECTED,
    /**
     * The server cannot be reached: reads and writes of the clustered tier wait up to
     * {@code caches.cluster.operationTimeout}, then Ehcache's resilience strategy answers (a get is a miss, a put
     * drops the key from every tier). Ehcache keeps reconnecting in the background.
     */
    DISCONNECTED,
    /** Connected again after a loss; a restarted server comes back empty. */
    RECONNECTED;

    /** Whether the server can be reached in this state. */
    public boolean connected() {
        return this == CONNECTED || this == RECONNECTED;
    }
}
