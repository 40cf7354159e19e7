/**
 * Ensembles compared with real ZooKeeper 3.9.5 run as quorum peers ({@code QuorumPeerMain} in
 * child JVMs): what {@code /zookeeper/config} holds for the same server lines
 * ({@link io.warden.compat.ensemble.ConfigNodeVsZooKeeperTest}), and faults on a 3-server
 * ensemble of separate JVMs ({@link io.warden.compat.harness.ForkedEnsemble}) driven by stock
 * clients: SIGKILL of the leader under write load, a SIGSTOPped follower catching up, a restart
 * of the whole ensemble, linearizability under leader kills and pauses
 * ({@link io.warden.compat.ensemble.AbstractEnsembleFaultTest}, run on ZooKeeper as the reference
 * and on Warden), and on 5 servers leader kills and partitions by SIGSTOP of a minority and of a
 * majority ({@link io.warden.compat.ensemble.AbstractFiveServerEnsembleTest}).
 *
 * <p>Threading: each test class is confined to the JUnit thread, apart from
 * {@link io.warden.compat.ensemble.EnsembleWriter}'s own writing thread (its results are
 * concurrent collections).
 */
package io.warden.compat.ensemble;
