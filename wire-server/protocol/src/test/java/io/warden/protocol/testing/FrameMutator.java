package io.warden.protocol.testing;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Mutates valid encodings into hostile ones for fuzzing: flipped and overwritten bytes, cuts,
 * extensions, inserted and deleted ranges, and ints overwritten with extreme values, preferably
 * where a length or a count is likely to sit (an int that could be the size of what follows).
 * Every mutation is named in {@link Result#steps()} so a failure can be read without a debugger.
 *
 * <p>Thread-confined: uses the caller's {@link RandomRecords}.
 */
public final class FrameMutator {
    private static final int[] NASTY_INTS = {
        -1, -2, -3, Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 3, 0, 1, 0x7fff,
        0xffff, 0xfffff, 0x100000, 0x10000000, 0x40000000, -0x10000000,
    };
    private static final byte[] NASTY_BYTES = {0, 1, (byte) 0x7f, (byte) 0x80, (byte) 0xff, (byte) 0xfe};

    /** A mutated byte array and the mutations applied, in order. */
    public record Result(byte[] bytes, List<String> steps) {
    }

    private final RandomRecords random;

    public FrameMutator(RandomRecords random) {
        this.random = random;
    }

    /** Applies 1 to 3 random mutations to a copy of {@code input}. */
    public Result mutate(byte[] input) {
        byte[] b = input.clone();
        List<String> steps = new ArrayList<>();
        int count = random.nextInt(1, 4);
        for (int i = 0; i < count; i++) {
            b = mutateOnce(b, steps);
        }
        return new Result(b, steps);
    }

    /** Completely random bytes: usually short, sometimes up to 1 KiB. */
    public byte[] randomBytes() {
        int length = random.chance(80) ? random.nextInt(0, 64) : random.nextInt(0, 1024);
        return random.byteArray(length);
    }

    private byte[] mutateOnce(byte[] b, List<String> steps) {
        int kind = random.nextInt(10);
        if (b.length == 0 && kind < 8) {
            kind = 8; // only growing makes sense
        }
        switch (kind) {
            case 0 -> {
                int at = random.nextInt(b.length);
                int mask = random.nextInt(1, 256);
                b[at] ^= (byte) mask;
                steps.add("xor[" + at + "]^=" + mask);
                return b;
            }
            case 1 -> {
                int at = random.nextInt(b.length);
                b[at] = NASTY_BYTES[random.nextInt(NASTY_BYTES.length)];
                steps.add("set[" + at + "]=" + b[at]);
                return b;
            }
            case 2 -> {
                int keep = random.nextInt(b.length);
                steps.add("truncate to " + keep);
                return java.util.Arrays.copyOf(b, keep);
            }
            case 3, 4 -> {
                return overwriteLengthLike(b, steps);
            }
            case 5 -> {
                if (b.length < 4) {
                    return overwriteLengthLike(b, steps);
                }
                int at = random.nextInt(b.length - 3);
                int v = random.anyInt();
                ByteBuffer.wrap(b).putInt(at, v);
                steps.add("int[" + at + "]=" + v);
                return b;
            }
            case 6 -> {
                int from = random.nextInt(b.length);
                int to = random.nextInt(from, Math.min(b.length, from + 16) + 1);
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                steps.add("delete[" + from + "," + to + ")");
                return out;
            }
            case 7 -> {
                int from = random.nextInt(b.length);
                int to = random.nextInt(from, Math.min(b.length, from + 32) + 1);
                int at = random.nextInt(b.length + 1);
                byte[] out = new byte[b.length + (to - from)];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, from, out, at, to - from);
                System.arraycopy(b, at, out, at + (to - from), b.length - at);
                steps.add("duplicate[" + from + "," + to + ")@" + at);
                return out;
            }
            case 8 -> {
                int extra = random.nextInt(1, 17);
                int at = random.chance(50) ? b.length : random.nextInt(b.length + 1);
                byte[] ins = random.byteArray(extra);
                byte[] out = new byte[b.length + extra];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(ins, 0, out, at, extra);
                System.arraycopy(b, at, out, at + extra, b.length - at);
                steps.add("insert " + extra + "@" + at);
                return out;
            }
            default -> {
                int at = random.nextInt(b.length + 1);
                steps.add("keep prefix " + at + " + random");
                return concat(java.util.Arrays.copyOf(b, at), randomBytes());
            }
        }
    }

    /**
     * Overwrites an int that looks like a length or count (a value between -1 and the bytes that
     * follow it) with an extreme value or an off-by-one of itself; any int if none looks so.
     */
    private byte[] overwriteLengthLike(byte[] b, List<String> steps) {
        if (b.length < 4) {
            byte[] out = concat(b, new byte[4 - b.length]);
            steps.add("pad to 4");
            return out;
        }
        ByteBuffer view = ByteBuffer.wrap(b);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i + 4 <= b.length; i++) {
            int v = view.getInt(i);
            if (v >= -1 && v <= b.length - i - 4) {
                candidates.add(i);
            }
        }
        int at = candidates.isEmpty() ? random.nextInt(b.length - 3)
                : candidates.get(random.nextInt(candidates.size()));
        int old = view.getInt(at);
        int v = switch (random.nextInt(4)) {
            case 0 -> old + 1;
            case 1 -> old - 1;
            case 2 -> old + random.nextInt(2, 1000);
            default -> NASTY_INTS[random.nextInt(NASTY_INTS.length)];
        };
        view.putInt(at, v);
        steps.add("length[" + at + "] " + old + "->" + v);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }
}
