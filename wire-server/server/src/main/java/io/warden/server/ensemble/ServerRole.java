package io.warden.server.ensemble;

import io.warden.server.ConfigException;
import java.util.Locale;

/** What a server does in the ensemble: ZooKeeper's {@code LearnerType}. */
public enum ServerRole {
    /** Votes and can lead (a Ratis follower/candidate/leader). */
    PARTICIPANT("participant"),
    /** Replicates and serves, never votes (a Ratis listener). */
    OBSERVER("observer");

    private final String zooCfgName;

    ServerRole(String zooCfgName) {
        this.zooCfgName = zooCfgName;
    }

    /** The name in a server line and in {@code peerType}. */
    public String zooCfgName() {
        return zooCfgName;
    }

    /**
     * Parses a server line's type or {@code peerType}, case-insensitively as ZooKeeper does.
     *
     * @throws ConfigException with ZooKeeper's "Unrecognised peertype" message
     */
    public static ServerRole parse(String where, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "participant" -> PARTICIPANT;
            case "observer" -> OBSERVER;
            default -> throw new ConfigException("Unrecognised peertype: " + value + " (in " + where
                    + "; expected participant or observer)");
        };
    }
}
