package io.warden.recipe.internal;

import com.google.common.util.concurrent.MoreExecutors;
import java.util.concurrent.Executor;

/**
 * A recipe's confinement context: tasks run one at a time, in submission order, each seeing the
 * effects of the previous ones, on whichever thread is draining the queue (the client's event
 * thread for completions and watch events, or a caller's thread when it submits while the queue is
 * idle). A task submitted from inside a task runs after it, never nested. Thread-safe.
 */
public final class Serial implements Executor {
    private final Executor executor = MoreExecutors.newSequentialExecutor(MoreExecutors.directExecutor());

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }
}
