/**
 * Watch bookkeeping (PROTOCOL.md section 9): the data and child watch tables keyed by
 * (path, {@link io.warden.server.watch.WatchTarget}) with STANDARD, PERSISTENT and
 * PERSISTENT_RECURSIVE modes, triggering with one-shot consumption, and the per-connection
 * index used to drop a closed connection's watches. It decides who is triggered; turning that
 * into ACL-filtered notification frames is the state machine's job. Depends only on
 * {@code io.warden.protocol}. Thread-confined to the apply thread.
 */
package io.warden.server.watch;
