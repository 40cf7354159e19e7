package io.warden.compat.diff;

import static io.warden.compat.diff.RawOps.create;
import static io.warden.compat.diff.RawOps.delete;
import static io.warden.compat.diff.RawOps.exists;
import static io.warden.compat.diff.RawOps.getAcl;
import static io.warden.compat.diff.RawOps.getAllChildrenNumber;
import static io.warden.compat.diff.RawOps.getChildren;
import static io.warden.compat.diff.RawOps.getChildren2;
import static io.warden.compat.diff.RawOps.getData;
import static io.warden.compat.diff.RawOps.setData;

import java.util.List;

/**
 * The fresh tree (PROTOCOL.md 10.3): Stats, data, ACLs and children of {@code /},
 * {@code /zookeeper}, {@code /zookeeper/config} and {@code /zookeeper/quota}; what may not be
 * done to them; the first sequential child of {@code /}. Must run first on a fresh server: it
 * reads the root, which every other scenario changes.
 */
final class InitialTreeScenarios {
    static final String INITIAL_TREE = "initial-tree";

    private InitialTreeScenarios() {
    }

    static List<Scenario> all() {
        return List.of(new Scenario(INITIAL_TREE, InitialTreeScenarios::initialTree));
    }

    private static void initialTree(ScenarioContext ctx) {
        RawSession a = ctx.raw("a");
        for (String path : List.of("/", "/zookeeper", "/zookeeper/config", "/zookeeper/quota")) {
            ctx.note("the built-in node " + path);
            exists(a, path, false);
            getData(a, path, false);
            getAcl(a, path);
            getChildren(a, path, false);
            getChildren2(a, path, false);
            getAllChildrenNumber(a, path);
        }
        ctx.note("the built-in nodes cannot be created, deleted or (config) written");
        create(a, "/", "x", 0);
        create(a, "/zookeeper", "x", 0);
        delete(a, "/", -1);
        delete(a, "/zookeeper", -1);
        delete(a, "/zookeeper/config", -1);
        delete(a, "/zookeeper/quota", -1);
        delete(a, "/zookeeper/quota", 0);
        setData(a, "/zookeeper/config", "x", -1);
        setData(a, "/zookeeper/quota", "q", -1);
        getData(a, "/zookeeper/quota", false);
        ctx.note("the first sequential child of a fresh root gets suffix 0000000000 (creation counter 0)");
        create(a, "/seq-", "s", 2);
        create(a, "/seq-", "s", 2);
        getData(a, "/", false);
        getChildren(a, "/", false);
        delete(a, "/seq-0000000000", -1);
        delete(a, "/seq-0000000001", -1);
        getData(a, "/", false);
        getAllChildrenNumber(a, "/");
        a.closeSession();
    }
}
