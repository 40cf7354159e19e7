package io.warden.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The versions the server reports. Clients and tools parse the leading digits of the ZooKeeper
 * version ({@code srvr}'s "Zookeeper version:", {@code envi}'s {@code zookeeper.version=}, Kazoo's
 * {@code server_version()}), so it starts with the ZooKeeper release whose protocol this server
 * speaks; the Warden version follows after a dash. Immutable.
 *
 * @param zooKeeper the ZooKeeper release emulated
 * @param warden this server's version
 * @param builtOn build time, {@code yyyy-MM-dd HH:mm} UTC
 */
public record WardenVersion(String zooKeeper, String warden, String builtOn) {
    /** The ZooKeeper release whose client protocol and answers this server mirrors. */
    public static final String ZOOKEEPER = "3.9.5";

    /** Read from the filtered {@code warden-server.properties} of the jar. */
    public static WardenVersion current() {
        Properties p = new Properties();
        try (InputStream in = WardenVersion.class.getResourceAsStream("/io/warden/server/warden-server.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // fall back to the defaults below
        }
        String version = p.getProperty("version", "dev");
        String built = p.getProperty("built", "1970-01-01 00:00");
        if (version.startsWith("$") || built.startsWith("$")) {
            version = "dev";
            built = "1970-01-01 00:00";
        }
        return new WardenVersion(ZOOKEEPER, version, built);
    }

    /** As ZooKeeper's {@code Version.getFullVersion()}: {@code 3.9.5-warden-<v>, built on <date> UTC}. */
    public String fullVersion() {
        return zooKeeper + "-warden-" + warden + ", built on " + builtOn + " UTC";
    }
}
