package io.warden.server.acl;

/**
 * The {@code ip} ACL scheme: parsing of IPv4 and IPv6 literals, {@code addr/bits} validation and
 * CIDR matching, with ZooKeeper 3.9's rules (IPAuthenticationProvider). Never resolves a host
 * name: anything that is not a literal address is invalid. An IPv4 and an IPv6 address never
 * match each other. Stateless.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /** True if {@code id} is an acceptable ip ACL id: an address, optionally {@code /bits}. */
    public static boolean isValid(String id) {
        if (id == null) {
            return false;
        }
        String[] parts = id.split("/", 2);
        byte[] addr = parse(parts[0]);
        if (addr == null) {
            return false;
        }
        return parts.length < 2 || parseBits(parts[1], addr.length) >= 0;
    }

    /**
     * True if the caller's address {@code callerId} lies in {@code aclExpr} ({@code addr} or
     * {@code addr/bits}). Addresses of different families never match.
     */
    public static boolean matches(String callerId, String aclExpr) {
        if (callerId == null || aclExpr == null) {
            return false;
        }
        String[] parts = aclExpr.split("/", 2);
        byte[] aclAddr = parse(parts[0]);
        if (aclAddr == null) {
            return false;
        }
        int bits = aclAddr.length * 8;
        if (parts.length == 2) {
            bits = parseBits(parts[1], aclAddr.length);
            if (bits < 0) {
                return false;
            }
        }
        byte[] remote = parse(callerId);
        if (remote == null || remote.length != aclAddr.length) {
            return false;
        }
        mask(aclAddr, bits);
        mask(remote, bits);
        for (int i = 0; i < remote.length; i++) {
            if (remote[i] != aclAddr[i]) {
                return false;
            }
        }
        return true;
    }

    /** The address bytes (4 or 16) of an IPv4 or IPv6 literal, or null if it is not one. */
    public static byte[] parse(String addr) {
        if (addr == null) {
            return null;
        }
        return addr.indexOf(':') >= 0 ? parseV6(addr) : parseV4(addr);
    }

    /** -1 if invalid; {@code Integer.parseInt} semantics as ZooKeeper (so "+8" is 8). */
    private static int parseBits(String s, int addrBytes) {
        try {
            int bits = Integer.parseInt(s);
            return bits < 0 || bits > addrBytes * 8 ? -1 : bits;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void mask(byte[] b, int bits) {
        int start = bits / 8;
        int startMask = ~((1 << (8 - (bits % 8))) - 1);
        while (start < b.length) {
            b[start] &= (byte) startMask;
            startMask = 0;
            start++;
        }
    }

    /** ZooKeeper's v4 parse: four dot-separated {@code Integer.parseInt} values in 0..255. */
    static byte[] parseV4(String addr) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                int v = Integer.parseInt(parts[i]);
                if (v < 0 || v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return b;
    }

    /**
     * ZooKeeper 3.9's IPv6 parse: split once at "::" (at most one), then 1-4 hex digit groups
     * read with {@code Integer.parseInt(group, 16)}; exactly eight groups without "::", at most
     * seven with it. No brackets, zone ids or dotted IPv4 tails (checked against 3.9.5:
     * {@code [::1]}, {@code fe80::1%lo} and {@code ::ffff:1.2.3.4} are invalid ACL ids).
     */
    static byte[] parseV6(String addr) {
        String[] halves = addr.split("::", -1);
        String[] head;
        String[] tail = new String[0];
        if (halves.length == 1) {
            head = addr.split(":", -1);
            if (head.length != 8) {
                return null;
            }
        } else if (halves.length == 2) {
            head = halves[0].isEmpty() ? new String[0] : halves[0].split(":", -1);
            tail = halves[1].isEmpty() ? new String[0] : halves[1].split(":", -1);
            if (head.length + tail.length >= 8) {
                return null;
            }
        } else {
            return null;
        }
        byte[] b = new byte[16];
        return putGroups(b, 0, head) && putGroups(b, 16 - 2 * tail.length, tail) ? b : null;
    }

    private static boolean putGroups(byte[] b, int offset, String[] groups) {
        int i = offset;
        for (String g : groups) {
            if (g.isEmpty() || g.length() > 4) {
                return false;
            }
            int v;
            try {
                v = Integer.parseInt(g, 16);
            } catch (NumberFormatException e) {
                return false;
            }
            b[i++] = (byte) (v >> 8);
            b[i++] = (byte) v;
        }
        return true;
    }
}
