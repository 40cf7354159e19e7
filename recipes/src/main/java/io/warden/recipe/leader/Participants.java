package io.warden.recipe.leader;

import io.warden.client.WardenClient;
import io.warden.protocol.ErrorCode;
import io.warden.recipe.internal.Failures;
import io.warden.recipe.support.SequentialNames;
import io.warden.recipe.support.ZPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Reads an election's participants: the {@code latch-} nodes in sequence order and their data.
 * A node deleted between the listing and its read is left out. Stateless.
 */
final class Participants {
    private Participants() {
    }

    static CompletableFuture<List<Participant>> read(WardenClient client, String path) {
        return client.getChildren(path).handle((children, e) -> {
            if (e != null) {
                if (Failures.is(e, ErrorCode.NONODE)) {
                    return List.<String>of();
                }
                throw new CompletionException(Failures.unwrap(e));
            }
            return SequentialNames.sortContenders(children, LeaderLatch.LOCK_NAME);
        }).thenCompose(sorted -> {
            List<CompletableFuture<Optional<Participant>>> reads = new ArrayList<>();
            for (String name : sorted) {
                reads.add(client.getData(ZPaths.join(path, name)).handle((d, e) -> {
                    if (e != null) {
                        if (Failures.is(e, ErrorCode.NONODE)) {
                            return Optional.empty();
                        }
                        throw new CompletionException(Failures.unwrap(e));
                    }
                    String id = d.data() == null ? "" : d.utf8();
                    return Optional.of(new Participant(id, name, false));
                }));
            }
            return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0])).thenApply(v -> {
                List<Participant> out = new ArrayList<>();
                for (CompletableFuture<Optional<Participant>> r : reads) {
                    r.join().ifPresent(p -> out.add(out.isEmpty() ? new Participant(p.id(), p.nodeName(), true) : p));
                }
                return List.copyOf(out);
            });
        });
    }
}
