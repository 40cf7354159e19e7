package io.warden.server.state;

/**
 * The sequential-node suffix: the parent's creation counter formatted as {@code %010d} of a
 * signed 32-bit int (PROTOCOL.md 10.2), so past 2147483647 it turns negative, e.g.
 * {@code -2147483648} or {@code -000000001}. Equal to {@code String.format("%010d", c)} without
 * the formatter's cost. Stateless.
 */
final class SequentialSuffix {
    private SequentialSuffix() {
    }

    static String format(int counter) {
        if (counter >= 0) {
            String digits = Integer.toString(counter);
            return "0000000000".substring(digits.length()) + digits;
        }
        if (counter == Integer.MIN_VALUE) {
            return "-2147483648";
        }
        String digits = Integer.toString(-counter);
        if (digits.length() >= 9) {
            return "-" + digits;
        }
        return "-" + "000000000".substring(digits.length()) + digits;
    }

    /** Appends the suffix to the requested path. */
    static String append(String path, int counter) {
        return path + format(counter);
    }
}
