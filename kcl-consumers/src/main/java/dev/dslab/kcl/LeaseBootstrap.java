package dev.dslab.kcl;

import java.util.List;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.common.StreamConfig;
import software.amazon.kinesis.coordinator.streamInfo.StreamIdCache;
import software.amazon.kinesis.coordinator.streamInfo.StreamIdOnboardingState;
import software.amazon.kinesis.leases.HierarchicalShardSyncer;
import software.amazon.kinesis.leases.LeaseManagementFactory;
import software.amazon.kinesis.leases.LeaseRefresher;
import software.amazon.kinesis.leases.ShardDetector;
import software.amazon.kinesis.metrics.NullMetricsScope;

/**
 * Creates the stream's leases with KCL's own shard syncer before the scheduler starts.
 *
 * <p>Why: on an empty lease table KCL 3's {@code Scheduler.initialize} calls {@code shouldInitiateLeaseSync},
 * which waits a random 1-30 s (constants in the code, no setting) re-checking every 3 s whether another worker
 * has created the leases, so that a fleet starting together does not all list shards at once. When the
 * table already has leases the check ends at once and the scheduler skips its own first sync. KCL's public
 * {@link HierarchicalShardSyncer} creates the same leases (same lineage rules, same initial position) the
 * scheduler would; creating a lease is a conditional put, so two workers bootstrapping together cannot
 * clash. On a table KCL has not created yet (a real account), or with stream ids onboarded, nothing is done
 * and KCL's own path (with its wait) applies.
 */
final class LeaseBootstrap {

    private LeaseBootstrap() {
    }

    /** Returns the number of leases the table has afterwards, or -1 when the table does not exist yet. */
    static int createLeases(LeaseManagementFactory factory, String stream, InitialPositionInStreamExtended position,
                            StreamIdOnboardingState onboarding)
            throws Exception {
        LeaseRefresher refresher = factory.createLeaseRefresher();
        if (!refresher.leaseTableExists()) {
            return -1;
        }
        // KCL's shard detector asks the process-wide stream-id cache, which the scheduler fills in its initialize();
        // with stream ids NOT_ONBOARDED (KCL's default, never changed here) the cache answers null without its
        // manager, exactly as the scheduler's would, and the scheduler's own initialize() then keeps this one
        if (onboarding != StreamIdOnboardingState.NOT_ONBOARDED) {
            return -1;
        }
        StreamIdCache.initialize(null, onboarding);
        StreamConfig config = new StreamConfig(software.amazon.kinesis.common.StreamIdentifier.singleStreamInstance(stream), position);
        if (refresher.isLeaseTableEmpty()) {
            ShardDetector detector = factory.createShardDetector(config);
            new HierarchicalShardSyncer(false, config.streamIdentifier().serialize())
                    .checkAndCreateLeaseForNewShards(detector, refresher, position, new NullMetricsScope(), false, true);
        }
        List<?> leases = refresher.listLeases();
        return leases.size();
    }
}
