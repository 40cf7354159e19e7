package io.warden.server.acl;

/**
 * The {@code ip} ACL scheme: parsing of IPv4 and IPv6 literals, {@code addr/bits} validation and
 * CIDR matching, with ZooKeeper's rules (IPAuthenticationProvider). Never resolves a host name:
 * anything that is not a literal address is invalid. An IPv4-mapped IPv6 literal
 * ({@code ::ffff:a.b.c.d}) counts as the 4-byte IPv4 address, as {@code InetAddress.getByName}
 * makes it in ZooKeeper. Stateless.
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
     * A literal IPv6 address: up to eight 1-4 digit hex groups, one optional "::", an optional
     * dotted IPv4 tail, optional surrounding brackets. Zone ids are refused (resolving them
     * would depend on the host's interfaces).
     */
    static byte[] parseV6(String addr) {
        String s = addr;
        if (s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] groups = new int[8];
        int count;
        if (gap < 0) {
            count = parseGroups(s, groups, 0, true);
            if (count != 8) {
                return null;
            }
        } else {
            int head = gap == 0 ? 0 : parseGroups(s.substring(0, gap), groups, 0, false);
            if (head < 0) {
                return null;
            }
            int[] tailGroups = new int[8];
            String tail = s.substring(gap + 2);
            int tailCount = tail.isEmpty() ? 0 : parseGroups(tail, tailGroups, 0, true);
            if (tailCount < 0 || head + tailCount > 7) {
                return null;
            }
            System.arraycopy(tailGroups, 0, groups, 8 - tailCount, tailCount);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < 8; i++) {
            b[2 * i] = (byte) (groups[i] >>> 8);
            b[2 * i + 1] = (byte) groups[i];
        }
        return isV4Mapped(b) ? new byte[] {b[12], b[13], b[14], b[15]} : b;
    }

    /**
     * Parses colon-separated groups into {@code out} from {@code offset}; returns how many 16-bit
     * groups were written, or -1. A dotted IPv4 tail (allowed only if {@code allowV4Tail}) fills two.
     */
    private static int parseGroups(String s, int[] out, int offset, boolean allowV4Tail) {
        String[] parts = s.split(":", -1);
        int n = offset;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            boolean last = i == parts.length - 1;
            if (last && allowV4Tail && p.indexOf('.') >= 0) {
                byte[] v4 = parseStrictV4(p);
                if (v4 == null || n + 2 > out.length) {
                    return -1;
                }
                out[n++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[n++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (p.isEmpty() || p.length() > 4 || n >= out.length) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return -1;
                }
                v = (v << 4) | d;
            }
            out[n++] = v;
        }
        return n - offset;
    }

    /** Dotted quad inside an IPv6 literal: digits only, each 0..255. */
    private static byte[] parseStrictV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }
}
