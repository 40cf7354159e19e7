package io.warden.server.state;

/**
 * A snapshot of counters for srvr/stat/mntr/wchs. Immutable.
 *
 * @param nodeCount znodes, counted as ZooKeeper's "Node count" (a fresh tree reports 5)
 * @param approximateDataSize sum of path lengths and data lengths, as zk_approximate_data_size
 * @param ephemeralsCount ephemeral znodes
 * @param sessionCount live sessions
 * @param watchedPaths distinct paths in the data-watch table (wchs)
 * @param watchCount watches in the data-watch table (wchs "Total watches")
 * @param watchingConnections connections holding data watches (wchs)
 */
public record StateStats(long nodeCount, long approximateDataSize, long ephemeralsCount, long sessionCount,
        long watchedPaths, long watchCount, long watchingConnections) {
}
