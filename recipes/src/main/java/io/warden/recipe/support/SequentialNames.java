package io.warden.recipe.support;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Names of sequential znodes as recipes use them: {@code <prefix><lockName><seq>}, where ZooKeeper
 * appends the parent's cversion as ten digits ({@code %010d}; past 2^31 the counter wraps and the
 * suffix is a negative number such as {@code -2147483648}).
 *
 * <p>Contenders are ordered by that suffix only, as Curator's {@code StandardLockInternalsDriver}
 * does (it sorts on the text after the last occurrence of the lock name): the protected prefix
 * ({@code _c_<uuid>-}) is random and must not influence the order. Stateless.
 */
public final class SequentialNames {
    /** Digits ZooKeeper appends to a sequential node's name. */
    public static final int SEQUENCE_DIGITS = 10;

    private SequentialNames() {
    }

    /**
     * The sequence number at the end of {@code name} if it is {@code <anything><lockName><seq>};
     * empty otherwise.
     */
    public static OptionalLong sequence(String name, String lockName) {
        int at = name.lastIndexOf(lockName);
        if (at < 0) {
            return OptionalLong.empty();
        }
        String suffix = name.substring(at + lockName.length());
        boolean negative = !suffix.isEmpty() && suffix.charAt(0) == '-';
        // %010d: ten characters, a leading '-' included; only Integer.MIN_VALUE needs eleven.
        if (suffix.length() != SEQUENCE_DIGITS && !(negative && suffix.length() == SEQUENCE_DIGITS + 1)) {
            return OptionalLong.empty();
        }
        for (int i = negative ? 1 : 0; i < suffix.length(); i++) {
            char c = suffix.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(Long.parseLong(suffix));
    }

    /** Whether {@code name} is a contender node for {@code lockName}. */
    public static boolean isContender(String name, String lockName) {
        return sequence(name, lockName).isPresent();
    }

    /**
     * The children that are contenders for any of {@code lockNames}, in sequence order (ties,
     * impossible under one parent, broken by name). Other children are left out.
     */
    public static List<String> sortContenders(List<String> children, List<String> lockNames) {
        List<Keyed> keyed = new ArrayList<>(children.size());
        for (String child : children) {
            for (String lockName : lockNames) {
                OptionalLong seq = sequence(child, lockName);
                if (seq.isPresent()) {
                    keyed.add(new Keyed(seq.getAsLong(), child));
                    break;
                }
            }
        }
        keyed.sort(Comparator.comparingLong(Keyed::seq).thenComparing(Keyed::name));
        List<String> out = new ArrayList<>(keyed.size());
        for (Keyed k : keyed) {
            out.add(k.name());
        }
        return List.copyOf(out);
    }

    /** {@link #sortContenders(List, List)} for one lock name. */
    public static List<String> sortContenders(List<String> children, String lockName) {
        return sortContenders(children, List.of(lockName));
    }

    /** The contender just before {@code ours} in {@code sorted}, or {@code null} if it is first or absent. */
    public static String predecessor(List<String> sorted, String ours) {
        int index = sorted.indexOf(ours);
        return index <= 0 ? null : sorted.get(index - 1);
    }

    private record Keyed(long seq, String name) {
    }
}
