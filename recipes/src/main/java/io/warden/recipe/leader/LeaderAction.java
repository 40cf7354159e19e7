package io.warden.recipe.leader;

/** What a leader does during its term; see {@link LeaderElection#runWhileLeader}. */
@FunctionalInterface
public interface LeaderAction<T> {
    T run(LeadershipContext context) throws Exception;
}
