package io.warden.compat.matrix;

import static io.warden.compat.matrix.CompatFeature.ACL;
import static io.warden.compat.matrix.CompatFeature.CONNECT;
import static io.warden.compat.matrix.CompatFeature.CRUD;
import static io.warden.compat.matrix.CompatFeature.FOUR_LETTER_WORDS;
import static io.warden.compat.matrix.CompatFeature.MULTI;
import static io.warden.compat.matrix.CompatFeature.PERSISTENT_WATCHES;
import static io.warden.compat.matrix.CompatFeature.QUOTAS;
import static io.warden.compat.matrix.CompatFeature.RECIPES;
import static io.warden.compat.matrix.CompatFeature.RECONNECT;
import static io.warden.compat.matrix.CompatFeature.SESSION_EXPIRY;
import static io.warden.compat.matrix.CompatFeature.WATCHES;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a recorded test lands in the matrix: its row (client), columns (features) and the server
 * it ran against. A {@link Compat} annotation decides first. The suites that do not carry one
 * (written by other engineers; their files are not edited for the matrix) are placed by the
 * tables below: the row by package and class, the columns by method (or, for the differential
 * suite, by scenario name), and failing that by keywords in the method name, which the matrix
 * marks as inferred.
 *
 * <p>The target comes from the invocation's display name ({@code "warden"}, {@code "[1]
 * ZOOKEEPER"}, {@code "zookeeper ruok"}), else from the enclosing class names
 * ({@code RealZooKeeperClientTest}). {@code WardenDiffTest} and the other {@code *DiffTest}s of the
 * differential suite (servers started with a setting such as enforceQuota or a superDigest) run
 * each scenario on both servers and compare, and so does a method that names both
 * ({@code sameTranscriptOnZooKeeperAndWarden}):
 * their target is {@link Target#COMPARISON}. The Docker image test ({@code io.warden.compat.docker})
 * is one more reference check, listed with the harness.
 *
 * <p>Stateless; the tables are immutable. Thread-safe.
 */
final class Mapping {
    /** Test classes of the harness itself: real, but not a client × feature cell. */
    private static final Pattern HARNESS = Pattern.compile("io\\.warden\\.compat\\.(codec|docker|harness|matrix)\\..*"
            + "|io\\.warden\\.compat\\.diff\\.(?!(?!ZooKeeperSelfDiffTest$)\\w+DiffTest$).*");
    /** The differential suites: Warden against ZooKeeper (ZooKeeperSelfDiffTest checks the harness). */
    private static final Pattern DIFF_SUITES = Pattern.compile(
            "io\\.warden\\.compat\\.diff\\.(?!ZooKeeperSelfDiffTest$)\\w+DiffTest");

    /** Row by class name, first match wins. */
    private static final List<Map.Entry<Pattern, CompatClient>> CLIENTS = List.of(
            Map.entry(Pattern.compile("io\\.warden\\.compat\\.peers\\.Kazoo.*"), CompatClient.KAZOO),
            Map.entry(Pattern.compile("io\\.warden\\.compat\\.peers\\.ZkCli.*"), CompatClient.ZKCLI),
            Map.entry(Pattern.compile("io\\.warden\\.compat\\.peers\\.CClient.*"), CompatClient.C_CLIENT),
            Map.entry(Pattern.compile("io\\.warden\\.compat\\.peers\\.FourLetterWords.*"), CompatClient.RAW),
            Map.entry(Pattern.compile("io\\.warden\\.compat\\.curator\\..*"), CompatClient.CURATOR),
            Map.entry(Pattern.compile("io\\.warden\\.compat\\.javaclients\\..*"), CompatClient.JAVA_OLDER),
            Map.entry(Pattern.compile("io\\.warden\\.compat\\.(client|recipes)\\..*"), CompatClient.WARDEN_CLIENT),
            Map.entry(Pattern.compile("io\\.warden\\.compat\\.node\\..*"), CompatClient.NODE));

    /** A test of the older-Java-clients suite whose invocation or class names 3.9.5 is on the 3.9.5 row. */
    private static final Pattern JAVA_395 = Pattern.compile("3[._]?9[._]?5");

    /** Columns by {@code SimpleClassName.method}, for tests the method name does not describe well. */
    private static final Map<String, Set<CompatFeature>> TESTS = Map.ofEntries(
            Map.entry("KazooTest.walkthrough004AndTheKazooApi", EnumSet.of(CONNECT, CRUD, WATCHES, MULTI, ACL, RECIPES)),
            Map.entry("KazooTest.dataWatchAndChildrenWatchSurviveAServerRestart", EnumSet.of(WATCHES, RECONNECT)),
            Map.entry("ZkCliTest.configurationWalkthroughNotifiesTheWatchingTerminal", EnumSet.of(CRUD, WATCHES)),
            Map.entry("ZkCliTest.leaderElectionWalkthroughHandsOverWhenTheLeaderQuits",
                    EnumSet.of(CONNECT, CRUD, WATCHES, RECIPES)),
            Map.entry("ZkCliTest.addWatchWalkthroughFiresForEverySet", EnumSet.of(PERSISTENT_WATCHES)),
            Map.entry("ZkCliTest.digestAclRefusesAnUnauthenticatedSession", EnumSet.of(ACL)),
            Map.entry("ZkCliTest.inspectionCommandsPrintWhatZooKeeperPrints", EnumSet.of(CRUD, ACL, PERSISTENT_WATCHES)),
            Map.entry("ZkCliTest.quotasAreListedWithTheirUsage", EnumSet.of(QUOTAS)),
            Map.entry("ZkCliTest.hardQuotasAreSetListedAndClearedOneAtATime", EnumSet.of(QUOTAS)),
            Map.entry("ZkCliTest.nodeCommandsWalkthroughShowsDataAndTheOpenAcl", EnumSet.of(CRUD, ACL)),
            Map.entry("CClientTest.crudAndWatchSessionPrintsWhatZooKeeperPrints", EnumSet.of(CONNECT, CRUD, WATCHES)),
            Map.entry("CuratorCrudTest.fluentCrudWithCreate2Stats", EnumSet.of(CRUD)),
            Map.entry("CuratorCrudTest.backgroundCallbacksAndOneShotWatchers", EnumSet.of(CRUD, WATCHES)),
            Map.entry("CuratorCrudTest.protectionModeNamesAndFindsItsNode", EnumSet.of(CRUD)),
            Map.entry("CuratorCrudTest.creatingParentContainersMakesContainersThatAreReaped", EnumSet.of(CRUD)),
            Map.entry("CuratorCrudTest.transactionsApplyAllOrNothing", EnumSet.of(MULTI)),
            Map.entry("CuratorNodeTypesTest.ttlNodesExpireOnlyWhenChildless", EnumSet.of(CRUD)),
            Map.entry("CuratorNodeTypesTest.containersAreReapedOnlyAfterTheyHadChildren", EnumSet.of(CRUD)),
            Map.entry("CuratorNodeTypesTest.reapingContinuesAcrossRestart", EnumSet.of(CRUD, RECONNECT)),
            Map.entry("CuratorNodeTypesTest.persistentNodeIsRecreatedAndFollowsItsData", EnumSet.of(CRUD, WATCHES, RECIPES)),
            Map.entry("CuratorNodeTypesTest.persistentNodeKeepsItsNodeAcrossRestart", EnumSet.of(RECIPES, RECONNECT)),
            Map.entry("CuratorNodeTypesTest.persistentNodeIsRecreatedByTheNewSessionAfterExpiry",
                    EnumSet.of(RECIPES, SESSION_EXPIRY)),
            Map.entry("CuratorWatchTest.curatorCacheLoadsTheTreeAndFollowsChanges", EnumSet.of(WATCHES, RECIPES)),
            Map.entry("CuratorWatchTest.curatorCacheFollowsChangesAfterRestartAndExpiry",
                    EnumSet.of(WATCHES, RECONNECT, SESSION_EXPIRY)),
            Map.entry("CuratorWatchTest.persistentWatchersFireEveryTimeWithoutReRegistering", EnumSet.of(PERSISTENT_WATCHES)),
            Map.entry("CuratorWatchTest.persistentWatchersSurviveRestartAndExpiry",
                    EnumSet.of(PERSISTENT_WATCHES, RECONNECT, SESSION_EXPIRY)),
            Map.entry("CuratorDiscoveryTest.registerAndQueryInstances", EnumSet.of(RECIPES)),
            Map.entry("JavaClientVersionsTest.sameTranscriptOnZooKeeperAndWarden",
                    EnumSet.of(CONNECT, CRUD, WATCHES, MULTI, ACL, RECONNECT)),
            Map.entry("CuratorDiscoveryTest.registrationsSurviveRestartAndAreRestoredAfterExpiry",
                    EnumSet.of(RECIPES, RECONNECT, SESSION_EXPIRY)));

    /** Columns every test of a class has, whatever its method is called (recipe suites). */
    private static final List<Map.Entry<Pattern, CompatFeature>> CLASS_FEATURES = List.of(
            Map.entry(Pattern.compile(".*(Lock|Leader|Interop|Recipes|ConfigWatcher|Discovery)\\w*Test"), RECIPES));

    /** Columns of the differential suite's scenarios, first match on the scenario name wins. */
    private static final List<Map.Entry<Pattern, Set<CompatFeature>>> SCENARIOS = List.of(
            Map.entry(Pattern.compile("acl-filtered-watches"), EnumSet.of(ACL, WATCHES)),
            Map.entry(Pattern.compile("java-acl-session"), EnumSet.of(ACL, CONNECT)),
            Map.entry(Pattern.compile("(acl|create-acl|auth)-.*"), EnumSet.of(ACL)),
            Map.entry(Pattern.compile("quota-.*"), EnumSet.of(QUOTAS)),
            Map.entry(Pattern.compile("ttl-.*"), EnumSet.of(CRUD)),
            Map.entry(Pattern.compile("java-crud|initial-tree|children|set-data|sync|(create|delete|exists|ephemerals)-.*"),
                    EnumSet.of(CRUD)),
            Map.entry(Pattern.compile("(java-)?multi(-.*)?"), EnumSet.of(MULTI)),
            Map.entry(Pattern.compile("session-expiry"), EnumSet.of(SESSION_EXPIRY)),
            Map.entry(Pattern.compile("session-.*"), EnumSet.of(CONNECT)),
            Map.entry(Pattern.compile("watch-persistent.*"), EnumSet.of(PERSISTENT_WATCHES)),
            Map.entry(Pattern.compile("watch-set-watches-catch-up"), EnumSet.of(WATCHES, RECONNECT)),
            Map.entry(Pattern.compile("java-watches|watch-.*"), EnumSet.of(WATCHES)));

    /** Keywords in a lower-cased method name, for tests no table knows: each match adds its column. */
    private static final List<Map.Entry<Pattern, CompatFeature>> KEYWORDS = List.of(
            Map.entry(Pattern.compile("(?<!re)connect|handshake|chroot|readonly|negotiat|close|pendinglimit|requesttimeout"),
                    CONNECT),
            Map.entry(Pattern.compile("create|delete|data|children|crud|sequential|ephemeral|(?<!a)sync|ttl|container"), CRUD),
            Map.entry(Pattern.compile("(?<!persistent)(?<!persistentand)(?<!recursive)watch|notif|event|cache"), WATCHES),
            Map.entry(Pattern.compile("persistent(and)?(recursive)?watch|recursivewatch|addwatch"), PERSISTENT_WATCHES),
            Map.entry(Pattern.compile("multi|transaction"), MULTI),
            Map.entry(Pattern.compile("acl|auth|digest|sasl|whoami|permission"), ACL),
            Map.entry(Pattern.compile("quota"), QUOTAS),
            Map.entry(Pattern.compile("restart|reconnect|failover|failsover|dropped|blackhole|disconnected|rearm|partition"),
                    RECONNECT),
            Map.entry(Pattern.compile("expir|sessionlost|islost"), SESSION_EXPIRY),
            Map.entry(Pattern.compile("(?<![bc])lock|mutex|leader|latch|election|discovery|barrier|queue|counter|semaphore"),
                    RECIPES),
            Map.entry(Pattern.compile("fourletter|4lw|mntr|ruok|srvr|whitelist"), FOUR_LETTER_WORDS));

    private Mapping() {}

    /** The server a result was obtained against. */
    enum Target {
        ZOOKEEPER("zookeeper"),
        WARDEN("warden"),
        /** Both servers ran it and their normalized transcripts were compared. */
        COMPARISON("both, compared"),
        UNKNOWN("unknown");

        private final String label;

        Target(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /** Why a result has its columns. */
    enum Basis {
        ANNOTATION("@Compat"),
        TABLE("mapping table"),
        INFERRED("inferred from the name");

        private final String label;

        Basis(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    /**
     * A result in the matrix.
     *
     * @param features in column order; empty when the test has a row but no column (listed, not
     *     counted)
     */
    record Placed(TestResult result, CompatClient client, Set<CompatFeature> features, Target target, Basis basis) {
        Placed {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(client, "client");
            Set<CompatFeature> copy = EnumSet.noneOf(CompatFeature.class);
            copy.addAll(features);
            features = Collections.unmodifiableSet(copy); // iterates in column order
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(basis, "basis");
        }
    }

    /** Whether {@code result} is a test of the harness itself (never a matrix cell). */
    static boolean isHarness(TestResult result) {
        return result.annotation().isEmpty() && HARNESS.matcher(result.className()).matches();
    }

    /** Where {@code result} goes, or empty if it is harness or no table knows its row. */
    static Optional<Placed> place(TestResult result) {
        Target target = target(result);
        if (result.annotation().isPresent()) {
            TestResult.Placement placement = result.annotation().get();
            return Optional.of(new Placed(result, placement.client(), Set.copyOf(placement.features()), target,
                    Basis.ANNOTATION));
        }
        if (isHarness(result)) {
            return Optional.empty();
        }
        if (DIFF_SUITES.matcher(result.className()).matches()) {
            String scenario = result.invocation();
            CompatClient client = scenario.startsWith("java-") ? CompatClient.JAVA_395 : CompatClient.RAW;
            return Optional.of(byTableOrKeywords(result, client, scenarioFeatures(scenario), scenario, target));
        }
        Optional<CompatClient> client = CLIENTS.stream()
                .filter(entry -> entry.getKey().matcher(result.className()).matches())
                .map(Map.Entry::getValue).findFirst();
        if (client.isEmpty()) {
            return Optional.empty();
        }
        CompatClient row = client.get();
        if (row == CompatClient.JAVA_OLDER
                && JAVA_395.matcher(result.invocation() + " " + String.join(" ", result.containers())).find()) {
            row = CompatClient.JAVA_395;
        }
        if (row == CompatClient.RAW) {
            return Optional.of(new Placed(result, row, EnumSet.of(FOUR_LETTER_WORDS), target, Basis.TABLE));
        }
        Optional<Set<CompatFeature>> listed = Optional.ofNullable(
                TESTS.get(result.simpleClassName() + "." + result.methodName()));
        Placed placed = byTableOrKeywords(result, row, listed, result.methodName(), target);
        Set<CompatFeature> features = EnumSet.noneOf(CompatFeature.class);
        features.addAll(placed.features());
        CLASS_FEATURES.stream().filter(entry -> entry.getKey().matcher(result.simpleClassName()).matches())
                .forEach(entry -> features.add(entry.getValue()));
        return Optional.of(new Placed(result, row, features, target, placed.basis()));
    }

    /** The columns keywords in {@code name} suggest (case-insensitive). */
    static Set<CompatFeature> inferFeatures(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        Set<CompatFeature> features = EnumSet.noneOf(CompatFeature.class);
        for (Map.Entry<Pattern, CompatFeature> keyword : KEYWORDS) {
            if (keyword.getKey().matcher(lower).find()) {
                features.add(keyword.getValue());
            }
        }
        return features;
    }

    /** The server {@code result} ran against. */
    static Target target(TestResult result) {
        String method = result.methodName().toLowerCase(Locale.ROOT);
        if (DIFF_SUITES.matcher(result.className()).matches()
                || (method.contains("zookeeper") && method.contains("warden"))) {
            return Target.COMPARISON; // e.g. JavaClientVersionsTest.sameTranscriptOnZooKeeperAndWarden
        }
        Target fromInvocation = targetIn(result.invocation());
        if (fromInvocation != Target.UNKNOWN) {
            return fromInvocation;
        }
        List<String> classes = new ArrayList<>(result.containers().stream()
                .filter(name -> !name.contains("(")).toList()); // "(" marks a method's display name
        classes.add(result.simpleClassName());
        for (int i = classes.size() - 1; i >= 0; i--) {
            Target target = targetIn(classes.get(i));
            if (target != Target.UNKNOWN) {
                return target;
            }
        }
        return Target.UNKNOWN;
    }

    private static Target targetIn(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        boolean warden = lower.contains("warden");
        boolean zookeeper = lower.contains("zookeeper");
        if (warden == zookeeper) {
            return Target.UNKNOWN;
        }
        return warden ? Target.WARDEN : Target.ZOOKEEPER;
    }

    private static Optional<Set<CompatFeature>> scenarioFeatures(String scenario) {
        return SCENARIOS.stream().filter(entry -> entry.getKey().matcher(scenario).matches())
                .map(Map.Entry::getValue).findFirst();
    }

    private static Placed byTableOrKeywords(TestResult result, CompatClient client, Optional<Set<CompatFeature>> listed,
            String name, Target target) {
        if (listed.isPresent()) {
            return new Placed(result, client, listed.get(), target, Basis.TABLE);
        }
        return new Placed(result, client, inferFeatures(name), target, Basis.INFERRED);
    }
}
