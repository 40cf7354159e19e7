package io.warden.server.state;

import io.warden.protocol.data.Bytes;
import java.util.ArrayList;

/**
 * The inverse of every tree mutation made so far by a multi, so that a failing op rolls the
 * whole multi back (PROTOCOL.md 7.11: all or nothing; C, pzxid, data and stats restored).
 *
 * <p>Thread-confined to the apply thread.
 */
final class UndoLog {
    private sealed interface Entry {
        void undo(DataTree tree);
    }

    private record Created(DataNode node, int parentCounterBefore, long parentPzxidBefore) implements Entry {
        @Override
        public void undo(DataTree tree) {
            tree.undoCreate(node, parentCounterBefore, parentPzxidBefore);
        }
    }

    private record Deleted(DataNode node, long parentPzxidBefore) implements Entry {
        @Override
        public void undo(DataTree tree) {
            tree.undoDelete(node, parentPzxidBefore);
        }
    }

    private record DataSet(DataNode node, Bytes data, int version, long mzxid, long mtimeMs) implements Entry {
        @Override
        public void undo(DataTree tree) {
            tree.setData(node, data, version, mzxid, mtimeMs);
        }
    }

    private record DataReplaced(DataNode node, Bytes data) implements Entry {
        @Override
        public void undo(DataTree tree) {
            tree.replaceData(node, data);
        }
    }

    private final ArrayList<Entry> entries = new ArrayList<>();

    void created(DataNode node, int parentCounterBefore, long parentPzxidBefore) {
        entries.add(new Created(node, parentCounterBefore, parentPzxidBefore));
    }

    void deleted(DataNode node, long parentPzxidBefore) {
        entries.add(new Deleted(node, parentPzxidBefore));
    }

    void dataSet(DataNode node) {
        entries.add(new DataSet(node, node.data(), node.version, node.mzxid, node.mtime));
    }

    void dataReplaced(DataNode node) {
        entries.add(new DataReplaced(node, node.data()));
    }

    /** Undoes every recorded mutation, newest first, and empties the log. */
    void rollback(DataTree tree) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            entries.get(i).undo(tree);
        }
        entries.clear();
    }

    void clear() {
        entries.clear();
    }
}
