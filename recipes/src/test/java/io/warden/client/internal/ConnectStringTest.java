package io.warden.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectStringTest {
    @Test
    void parsesHostsPortsAndChroot() {
        ConnectString cs = ConnectString.parse("a:1, b ,[::1]:3/app/x");
        assertEquals(List.of(InetSocketAddress.createUnresolved("a", 1), InetSocketAddress.createUnresolved("b", 2181),
                InetSocketAddress.createUnresolved("::1", 3)), cs.hosts());
        assertEquals("/app/x", cs.chroot());
        assertNull(ConnectString.parse("a:1/").chroot(), "a chroot of / is no chroot");
        assertNull(ConnectString.parse("a:1").chroot());
    }

    @Test
    void rejectsMalformedStrings() {
        for (String bad : List.of("", ",", "/x", "a:0", "a:70000", "a:b", "::1:2", "[::1", "a:1/x/", "a:1/x//y", ":1")) {
            assertThrows(IllegalArgumentException.class, () -> ConnectString.parse(bad), bad);
        }
    }

    @Test
    void chrootMapsBothWays() {
        Chroot c = new Chroot("/app");
        assertEquals("/app", c.toServer("/"));
        assertEquals("/app/a", c.toServer("/a"));
        assertEquals("/", c.toClient("/app"));
        assertEquals("/a/b", c.toClient("/app/a/b"));
        assertEquals("/apple", c.toClient("/apple"), "outside the chroot: unchanged");
        assertEquals("/a", Chroot.NONE.toServer("/a"));
        assertEquals("/a", Chroot.NONE.toClient("/a"));
    }

    @Test
    void hostOrderIsASeededShuffleCycledThrough() {
        List<InetSocketAddress> hosts = ConnectString.parse("a,b,c,d,e,f").hosts();
        HostList one = new HostList(hosts, new Random(7));
        HostList two = new HostList(hosts, new Random(7));
        assertEquals(one.order(), two.order(), "same seed, same order");
        assertEquals(6, one.order().stream().distinct().count());
        for (int i = 0; i < 5; i++) {
            assertEquals(one.order().get(i), one.next());
            assertEquals(false, one.cycleCompleted());
        }
        one.next();
        assertEquals(true, one.cycleCompleted());
        assertEquals(one.order().get(0), one.next(), "cycles back to the first host");
        one.connected();
        assertEquals(false, one.cycleCompleted());
    }
}
