package io.warden.server.acl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpAddressesTest {
    @Test
    void parsesIpv4LikeZooKeeper() {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, IpAddresses.parse("127.0.0.1"));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, IpAddresses.parse("+1.2.3.4"));
        for (String bad : List.of("1.2.3", "1.2.3.4.5", "256.1.1.1", "a.b.c.d", "1..2.3", "", "-1.2.3.4")) {
            assertNull(IpAddresses.parse(bad), bad);
        }
    }

    @Test
    void parsesIpv6LiteralsLikeInetAddress() throws Exception {
        for (String ok : List.of("::1", "::", "fe80::1", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "0:0:0:0:0:0:0:1", "ABCD:ef01::", "::ffff:a01:203")) {
            byte[] expected = InetAddress.getByName(ok).getAddress();
            if (expected.length == 4) {
                // InetAddress collapses IPv4-mapped addresses; ZooKeeper keeps all 16 bytes.
                expected = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, expected[0], expected[1], expected[2],
                    expected[3]};
            }
            assertArrayEquals(expected, IpAddresses.parse(ok), ok);
        }
    }

    @Test
    void signedHexGroupsParseAsZooKeeperDoes() {
        // Integer.parseInt(group, 16) takes a sign: "-1" is 0xffff.
        assertArrayEquals(new byte[] {-1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, IpAddresses.parse("-1::+2"));
    }

    @Test
    void rejectsWhatZooKeeper39Rejects() {
        for (String bad : List.of("1::2::3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "zz:1",
                "fe80::1%eth0", "1:2:3:4:5:6:7:8::", "1:2:3:4::5:6:7:8", "::ffff:1.2.3.4", "[::1]", ":::", "1:::2",
                "1.2.3.4::")) {
            assertNull(IpAddresses.parse(bad), bad);
        }
    }

    @Test
    void validatesCidrBits() {
        assertTrue(IpAddresses.isValid("10.0.0.0/8"));
        assertTrue(IpAddresses.isValid("10.0.0.0/0"));
        assertTrue(IpAddresses.isValid("10.0.0.0/32"));
        assertTrue(IpAddresses.isValid("10.0.0.0/+8"));
        assertFalse(IpAddresses.isValid("10.0.0.0/33"));
        assertFalse(IpAddresses.isValid("10.0.0.0/-1"));
        assertFalse(IpAddresses.isValid("10.0.0.0/x"));
        assertTrue(IpAddresses.isValid("2001:db8::/32"));
        assertTrue(IpAddresses.isValid("::1/128"));
        assertFalse(IpAddresses.isValid("::1/129"));
        assertFalse(IpAddresses.isValid("::ffff:1.2.3.4/32"));
        assertFalse(IpAddresses.isValid("host.example.com"));
        assertFalse(IpAddresses.isValid(null));
    }

    @Test
    void matchesAddressesAndCidrRanges() {
        assertTrue(IpAddresses.matches("127.0.0.1", "127.0.0.1"));
        assertFalse(IpAddresses.matches("127.0.0.2", "127.0.0.1"));
        assertTrue(IpAddresses.matches("10.1.2.3", "10.0.0.0/8"));
        assertFalse(IpAddresses.matches("11.1.2.3", "10.0.0.0/8"));
        assertTrue(IpAddresses.matches("192.168.1.77", "192.168.1.64/26"));
        assertFalse(IpAddresses.matches("192.168.1.128", "192.168.1.64/26"));
        assertTrue(IpAddresses.matches("8.8.8.8", "0.0.0.0/0"));
        assertTrue(IpAddresses.matches("0:0:0:0:0:0:0:1", "::1"));
        assertTrue(IpAddresses.matches("2001:db8:0:0:0:0:0:42", "2001:db8::/32"));
        assertFalse(IpAddresses.matches("2001:db9:0:0:0:0:0:42", "2001:db8::/32"));
        assertFalse(IpAddresses.matches("0:0:0:0:0:0:0:1", "127.0.0.1"));
        assertFalse(IpAddresses.matches("127.0.0.1", "::1/0"));
        assertFalse(IpAddresses.matches("fe80:0:0:0:0:0:0:1%eth0", "fe80::/16"));
        assertFalse(IpAddresses.matches("127.0.0.1", "bogus"));
        assertFalse(IpAddresses.matches("127.0.0.1", "127.0.0.1/40"));
    }
}
