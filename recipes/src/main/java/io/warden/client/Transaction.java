package io.warden.client;

import io.warden.protocol.CreateMode;
import io.warden.protocol.data.Acl;
import io.warden.protocol.data.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A small builder for a multi: add ops in order, then {@link #commit()}. All ops apply atomically
 * under one zxid, or none does (the future then fails with a {@link KeeperException} whose code is
 * the failing op's and whose {@link KeeperException#results()} hold every op's result).
 *
 * <p>Not thread-safe: build on one thread. {@link #commit()} snapshots the ops, so a builder may be
 * committed more than once.
 */
public final class Transaction {
    private final WardenClient client;
    private final List<TxnOp> ops = new ArrayList<>();

    Transaction(WardenClient client) {
        this.client = client;
    }

    /** Adds a create in a plain mode or CONTAINER (TTL modes: use the overload with a ttl). */
    public Transaction create(String path, byte[] data, List<Acl> acl, CreateMode mode) {
        ops.add(new TxnOp.Create(path, Bytes.copyOf(data), acl, mode, -1, false));
        return this;
    }

    /** Adds a create in a TTL mode (or any mode with {@code ttlMs} -1). */
    public Transaction create(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs) {
        ops.add(new TxnOp.Create(path, Bytes.copyOf(data), acl, mode, ttlMs, false));
        return this;
    }

    /** Adds a create whose result carries the new node's Stat (sub-op 15, 19 or 21). */
    public Transaction createWithStat(String path, byte[] data, List<Acl> acl, CreateMode mode, long ttlMs) {
        ops.add(new TxnOp.Create(path, Bytes.copyOf(data), acl, mode, ttlMs, true));
        return this;
    }

    /** Adds a delete; {@code version} -1 matches any. */
    public Transaction delete(String path, int version) {
        ops.add(new TxnOp.Delete(path, version));
        return this;
    }

    /** Adds a setData; {@code version} -1 matches any. */
    public Transaction setData(String path, byte[] data, int version) {
        ops.add(new TxnOp.SetData(path, Bytes.copyOf(data), version));
        return this;
    }

    /** Adds a version check. */
    public Transaction check(String path, int version) {
        ops.add(new TxnOp.Check(path, version));
        return this;
    }

    /** The ops added so far (a copy). */
    public List<TxnOp> ops() {
        return List.copyOf(ops);
    }

    /** Sends the multi; see {@link WardenClient#multi(List)}. */
    public CompletableFuture<List<TxnResult>> commit() {
        return client.multi(ops());
    }
}
