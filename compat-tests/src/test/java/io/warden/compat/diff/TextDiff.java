package io.warden.compat.diff;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff (longest common subsequence) printed as hunks with context: lines only in the
 * expected transcript start with {@code -}, lines only in the actual one with {@code +}.
 * Transcripts are a few hundred lines, so the quadratic table is fine; inputs over
 * {@link #MAX_LINES} are refused.
 *
 * <p>Stateless.
 */
final class TextDiff {
    static final int MAX_LINES = 5_000;
    private static final int CONTEXT = 3;
    private static final int MAX_OUTPUT_LINES = 400;

    private TextDiff() {
    }

    /** Whether the two line lists differ, and how, as printable text; empty if equal. */
    static String diff(List<String> expected, List<String> actual, String expectedName, String actualName) {
        if (expected.equals(actual)) {
            return "";
        }
        if (expected.size() > MAX_LINES || actual.size() > MAX_LINES) {
            return "transcripts too long to diff (" + expected.size() + " vs " + actual.size() + " lines)";
        }
        List<String> ops = edits(expected, actual);
        StringBuilder out = new StringBuilder("--- " + expectedName + "\n+++ " + actualName + "\n");
        int printed = 0;
        int lastPrinted = -1;
        for (int i = 0; i < ops.size(); i++) {
            if (!near(ops, i)) {
                continue;
            }
            if (lastPrinted >= 0 && i > lastPrinted + 1) {
                out.append("@@\n");
            }
            out.append(ops.get(i)).append('\n');
            lastPrinted = i;
            if (++printed >= MAX_OUTPUT_LINES) {
                out.append("... (diff truncated)\n");
                break;
            }
        }
        return out.toString();
    }

    private static boolean near(List<String> ops, int i) {
        for (int j = Math.max(0, i - CONTEXT); j <= Math.min(ops.size() - 1, i + CONTEXT); j++) {
            if (!ops.get(j).startsWith(" ")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> edits(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>(n + m);
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (a.get(i).equals(b.get(j))) {
                ops.add("  " + a.get(i));
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.add("- " + a.get(i++));
            } else {
                ops.add("+ " + b.get(j++));
            }
        }
        while (i < n) {
            ops.add("- " + a.get(i++));
        }
        while (j < m) {
            ops.add("+ " + b.get(j++));
        }
        return ops;
    }
}
