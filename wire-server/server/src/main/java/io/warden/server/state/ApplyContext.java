package io.warden.server.state;

import io.warden.protocol.data.Id;
import io.warden.server.txn.TxnHeader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Scratch state of the transaction being applied: who issued it, its stamp, the changes it made
 * (for watches), the undo log while inside a multi, and the node the last successful op touched
 * (for the reply's Stat). Reused across applies to avoid garbage.
 *
 * <p>Thread-confined to the apply thread.
 */
final class ApplyContext {
    long sessionId;
    long zxid;
    long timeMs;
    /** Whether the issuing session is in the session table (else SESSIONEXPIRED). */
    boolean sessionLive;
    List<Id> identities = List.of();
    /** False when no watch exists at all: then changes need not be recorded. */
    boolean trackChanges;
    final ArrayList<Change> changes = new ArrayList<>();
    /** Non-null while applying the ops of a multi. */
    UndoLog undo;
    /** While in a multi: the quota nodes it changed, as they were before it ({@link Quotas}). */
    final HashMap<String, Quotas.Before> quotaBefore = new HashMap<>();
    /** The path the last successful op created or touched. */
    String resultPath;
    /** The node the last successful op created or touched (for its Stat). */
    DataNode resultNode;

    void reset(TxnHeader header, List<Id> identities, boolean sessionLive, boolean trackChanges) {
        this.sessionId = header.sessionId();
        this.zxid = header.zxid();
        this.timeMs = header.timeMs();
        this.identities = identities;
        this.sessionLive = sessionLive;
        this.trackChanges = trackChanges;
        this.changes.clear();
        this.undo = null;
        this.quotaBefore.clear();
        this.resultPath = null;
        this.resultNode = null;
    }

    void record(Change change) {
        if (trackChanges) {
            changes.add(change);
        }
    }
}
