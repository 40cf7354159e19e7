package io.warden.compat.matrix;

import static io.warden.compat.matrix.MatrixTestData.invocation;
import static io.warden.compat.matrix.MatrixTestData.plain;
import static io.warden.compat.matrix.MatrixTestData.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.matrix.Mapping.Basis;
import io.warden.compat.matrix.Mapping.Placed;
import io.warden.compat.matrix.Mapping.Target;
import io.warden.compat.matrix.TestResult.Outcome;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MappingTest {

    @Test
    void parameterizedPeerTestsGetTheirRowColumnsAndServerFromTheInvocation() {
        Placed kazoo = Mapping.place(invocation("io.warden.compat.peers.KazooTest",
                "dataWatchAndChildrenWatchSurviveAServerRestart", "warden", Outcome.PASSED)).orElseThrow();
        assertEquals(CompatClient.KAZOO, kazoo.client());
        assertEquals(EnumSet.of(CompatFeature.WATCHES, CompatFeature.RECONNECT), kazoo.features());
        assertEquals(Target.WARDEN, kazoo.target());
        assertEquals(Basis.TABLE, kazoo.basis());

        Placed curator = Mapping.place(invocation("io.warden.compat.curator.CuratorLockTest",
                "locksPassToTheWaiterWhenTheHoldersSessionExpires", "[1] ZOOKEEPER", Outcome.PASSED)).orElseThrow();
        assertEquals(CompatClient.CURATOR, curator.client());
        assertEquals(Target.ZOOKEEPER, curator.target());
        assertEquals(Basis.INFERRED, curator.basis());
        assertEquals(EnumSet.of(CompatFeature.SESSION_EXPIRY, CompatFeature.RECIPES), curator.features());

        Placed word = Mapping.place(invocation("io.warden.compat.peers.FourLetterWordsTest",
                "answerHasZooKeepersShape", "warden ruok", Outcome.PASSED)).orElseThrow();
        assertEquals(CompatClient.RAW, word.client());
        assertEquals(Set.of(CompatFeature.FOUR_LETTER_WORDS), word.features());
        assertEquals(Target.WARDEN, word.target(), "the invocation wins over 'ZooKeepers' in the method name");
    }

    @Test
    void differentialScenariosAreComparisonsPlacedByScenarioName() {
        Placed expiry = Mapping.place(scenario("session-expiry", Outcome.PASSED)).orElseThrow();
        assertEquals(CompatClient.RAW, expiry.client());
        assertEquals(Set.of(CompatFeature.SESSION_EXPIRY), expiry.features());
        assertEquals(Target.COMPARISON, expiry.target());

        Placed java = Mapping.place(scenario("java-multi", Outcome.PASSED)).orElseThrow();
        assertEquals(CompatClient.JAVA_395, java.client());
        assertEquals(Set.of(CompatFeature.MULTI), java.features());

        Placed persistent = Mapping.place(scenario("watch-persistent-recursive", Outcome.PASSED)).orElseThrow();
        assertEquals(Set.of(CompatFeature.PERSISTENT_WATCHES), persistent.features());
        assertEquals(Set.of(CompatFeature.ACL, CompatFeature.WATCHES),
                Mapping.place(scenario("acl-filtered-watches", Outcome.PASSED)).orElseThrow().features());
    }

    @Test
    void theOtherDifferentialSuitesAreComparisonsTooAndQuotasHaveTheirColumn() {
        assertEquals(Set.of(CompatFeature.QUOTAS),
                Mapping.place(scenario("quota-stats", Outcome.PASSED)).orElseThrow().features());
        TestResult matrix = new TestResult("io.warden.compat.diff.PermissionMatrixDiffTest",
                "wardenChecksPermissionsLikeZooKeeper", List.of("PermissionMatrixDiffTest",
                "wardenChecksPermissionsLikeZooKeeper()"), "acl-permission-matrix", true, Outcome.PASSED, "",
                Optional.empty());
        assertTrue(!Mapping.isHarness(matrix), "a configured differential suite is not harness");
        Placed placed = Mapping.place(matrix).orElseThrow();
        assertEquals(CompatClient.RAW, placed.client());
        assertEquals(Set.of(CompatFeature.ACL), placed.features());
        assertEquals(Target.COMPARISON, placed.target());
        TestResult enforced = new TestResult("io.warden.compat.diff.QuotaEnforcedDiffTest",
                "wardenEnforcesQuotasLikeZooKeeper", List.of("QuotaEnforcedDiffTest"), "quota-enforced-count", true,
                Outcome.PASSED, "", Optional.empty());
        assertEquals(Set.of(CompatFeature.QUOTAS), Mapping.place(enforced).orElseThrow().features());
        assertTrue(Mapping.isHarness(plain("io.warden.compat.diff.NormalizerTest", "x", Outcome.PASSED)));
        assertEquals(Set.of(CompatFeature.QUOTAS), Mapping.place(invocation("io.warden.compat.peers.ZkCliTest",
                "hardQuotasAreSetListedAndClearedOneAtATime", "warden", Outcome.PASSED)).orElseThrow().features());
    }

    @Test
    void ourClientAgainstRealZooKeeperTakesTheServerFromTheClassName() {
        Placed placed = Mapping.place(plain("io.warden.compat.client.RealZooKeeperClientTest",
                "reconnectAcrossServerRestartKeepsSessionAndRearmsWatches", Outcome.PASSED)).orElseThrow();
        assertEquals(CompatClient.WARDEN_CLIENT, placed.client());
        assertEquals(Target.ZOOKEEPER, placed.target());
        assertEquals(EnumSet.of(CompatFeature.WATCHES, CompatFeature.RECONNECT), placed.features(),
                "'reconnect' is not 'connect'");
    }

    @Test
    void olderJavaClientsGoToTheirRowUnlessTheVersionIs395() {
        String javaclients = "io.warden.compat.javaclients.JavaClientVersionsTest";
        assertEquals(CompatClient.JAVA_OLDER, Mapping.place(invocation(javaclients, "crudAndWatches",
                "3.5.10 on warden", Outcome.PASSED)).orElseThrow().client());
        assertEquals(CompatClient.JAVA_395, Mapping.place(invocation(javaclients, "crudAndWatches",
                "3.9.5 on warden", Outcome.PASSED)).orElseThrow().client());
        Placed compared = Mapping.place(invocation(javaclients, "sameTranscriptOnZooKeeperAndWarden", "3.6.4 nio",
                Outcome.PASSED)).orElseThrow();
        assertEquals(Target.COMPARISON, compared.target(), "a method naming both servers compares them");
        assertEquals(Basis.TABLE, compared.basis());
    }

    @Test
    void harnessTestsAndUnknownPackagesAreNotPlaced() {
        assertTrue(Mapping.place(plain("io.warden.compat.codec.JuteCrossCheckTest", "x", Outcome.PASSED)).isEmpty());
        assertTrue(Mapping.place(plain("io.warden.compat.diff.NormalizerTest", "x", Outcome.PASSED)).isEmpty());
        assertTrue(Mapping.place(plain("io.warden.compat.somethingnew.FooTest", "x", Outcome.PASSED)).isEmpty());
        assertTrue(Mapping.isHarness(plain("io.warden.compat.docker.DockerZooKeeperTest", "x", Outcome.PASSED)));
        assertTrue(Mapping.isHarness(plain("io.warden.compat.diff.ZooKeeperSelfDiffTest", "x", Outcome.PASSED)));
    }

    @Test
    void anAnnotationWinsOverEveryTable() {
        TestResult annotated = new TestResult("io.warden.compat.harness.SomeTest", "m", List.of("SomeTest"), "", false,
                Outcome.PASSED, "", Optional.of(new TestResult.Placement(CompatClient.NODE,
                        List.of(CompatFeature.MULTI, CompatFeature.CRUD, CompatFeature.MULTI))));
        Placed placed = Mapping.place(annotated).orElseThrow();
        assertEquals(CompatClient.NODE, placed.client());
        assertEquals(List.of(CompatFeature.CRUD, CompatFeature.MULTI), List.copyOf(placed.features()));
        assertEquals(Basis.ANNOTATION, placed.basis());
        assertEquals(Target.UNKNOWN, placed.target());
    }

    @Test
    void keywordInferenceKeepsPersistentWatchesApartFromOneShotWatches() {
        assertEquals(EnumSet.of(CompatFeature.PERSISTENT_WATCHES), Mapping.inferFeatures("persistentAndRecursiveWatches"));
        assertEquals(EnumSet.of(CompatFeature.WATCHES), Mapping.inferFeatures("oneShotWatchesFireOnce"));
        assertEquals(EnumSet.of(CompatFeature.MULTI), Mapping.inferFeatures("multiCommitsAllOrNothing"));
        assertEquals(EnumSet.noneOf(CompatFeature.class), Mapping.inferFeatures("completionsRunInSubmissionOrder"));
        assertEquals(EnumSet.of(CompatFeature.WATCHES), Mapping.inferFeatures("blockingOnTheEventThreadIsRefused"),
                "'blocking' is no lock");
        assertEquals(EnumSet.noneOf(CompatFeature.class), Mapping.inferFeatures("asyncAcquireCanBeCancelled"),
                "'async' is no sync");
    }

    @Test
    void recipeSuitesPutEveryTestInTheRecipesColumn() {
        Placed placed = Mapping.place(plain("io.warden.compat.recipes.ZooKeeperLockTest", "staleHolderIsFencedOff",
                Outcome.PASSED)).orElseThrow();
        assertEquals(CompatClient.WARDEN_CLIENT, placed.client());
        assertEquals(EnumSet.of(CompatFeature.RECIPES), placed.features());
        assertEquals(Target.ZOOKEEPER, placed.target());
    }
}
