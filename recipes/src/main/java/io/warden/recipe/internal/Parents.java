package io.warden.recipe.internal;

import io.warden.client.WardenClient;
import io.warden.protocol.CreateMode;
import io.warden.protocol.ErrorCode;
import io.warden.protocol.data.Acl;
import io.warden.recipe.support.ZPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Creates the missing ancestors of a node, top down, as Curator's
 * {@code creatingParentContainersIfNeeded()} does: as CONTAINER nodes by default (the server
 * deletes them once they have had children and are empty again, so lock and election directories
 * do not pile up), or PERSISTENT. NODEEXISTS counts as success. Stateless.
 */
public final class Parents {
    private Parents() {
    }

    /** Ensures every ancestor of {@code path} exists ({@code path} itself is not created). */
    public static CompletableFuture<Void> ensureParentsOf(WardenClient client, String path, CreateMode mode,
            List<Acl> acl) {
        String parent = ZPaths.parent(path);
        return parent == null ? CompletableFuture.completedFuture(null) : ensure(client, parent, mode, acl);
    }

    /** Ensures {@code path} and its ancestors exist. */
    public static CompletableFuture<Void> ensure(WardenClient client, String path, CreateMode mode, List<Acl> acl) {
        List<String> chain = new ArrayList<>();
        for (String p = path; p != null && !"/".equals(p); p = ZPaths.parent(p)) {
            chain.add(0, p);
        }
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        for (String p : chain) {
            done = done.thenCompose(v -> client.create(p, new byte[0], acl, mode)
                    .handle((created, e) -> {
                        if (e != null && !Failures.is(e, ErrorCode.NODEEXISTS)) {
                            throw new java.util.concurrent.CompletionException(Failures.unwrap(e));
                        }
                        return null;
                    }));
        }
        return done;
    }
}
