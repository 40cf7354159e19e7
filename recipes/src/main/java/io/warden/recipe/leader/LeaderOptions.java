package io.warden.recipe.leader;

import io.warden.protocol.data.Acl;
import io.warden.recipe.support.IdSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of {@link LeaderLatch} and {@link LeaderElection}. Immutable.
 *
 * @param acl ACL of the election nodes and of parents created on the way
 * @param ids source of the protected names' uuids
 * @param lossPolicy when leadership counts as lost
 * @param interruptOnCancel whether {@link LeaderElection#runWhileLeader} interrupts the action's
 *     thread when its context is cancelled
 * @param releaseTimeout how long close and the end of a term wait for our node's delete
 */
public record LeaderOptions(List<Acl> acl, IdSource ids, LossPolicy lossPolicy, boolean interruptOnCancel,
        Duration releaseTimeout) {
    public LeaderOptions {
        acl = List.copyOf(acl);
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(lossPolicy, "lossPolicy");
        Objects.requireNonNull(releaseTimeout, "releaseTimeout");
    }

    /** Open ACL, secure ids, {@link LossPolicy#ON_SUSPENDED}, interrupt on cancel, 10 s. */
    public static LeaderOptions defaults() {
        return new LeaderOptions(Acl.OPEN_ACL_UNSAFE, IdSource.secure(), LossPolicy.ON_SUSPENDED, true,
                Duration.ofSeconds(10));
    }

    public LeaderOptions withLossPolicy(LossPolicy policy) {
        return new LeaderOptions(acl, ids, policy, interruptOnCancel, releaseTimeout);
    }

    public LeaderOptions withIds(IdSource newIds) {
        return new LeaderOptions(acl, newIds, lossPolicy, interruptOnCancel, releaseTimeout);
    }

    public LeaderOptions withInterruptOnCancel(boolean interrupt) {
        return new LeaderOptions(acl, ids, lossPolicy, interrupt, releaseTimeout);
    }
}
