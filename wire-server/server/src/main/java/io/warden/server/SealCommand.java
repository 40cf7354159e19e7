package io.warden.server;

import com.google.common.base.Ticker;
import io.warden.server.persist.SnapshotSettings;
import io.warden.server.raft.EnsembleSeed;
import io.warden.server.raft.RaftTxnLog;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar warden-server.jar --seal-for-ensemble zoo.cfg}: the offline step of growing a
 * stopped standalone server into an ensemble ({@link EnsembleSeed#seal}). Reads the standalone's
 * dataDir and dataLogDir from the configuration (its own zoo.cfg, or the ensemble's one with the
 * same directories), writes one seed snapshot covering all its data, moves its log aside, and
 * prints the seed's file name, zxid, counts and SHA-256 for the operator, who copies that file
 * into the snapshot directory of every other member (README, "Growing a standalone server into an
 * ensemble").
 *
 * <p>Exit codes as {@link Main}: 2 for an invalid invocation or configuration, 1 if the data
 * cannot be sealed (e.g. the server is still running: its log is locked), 0 once sealed.
 * Stateless.
 */
final class SealCommand {
    static final String FLAG = "--seal-for-ensemble";
    static final String USAGE = "usage: java -jar warden-server.jar " + FLAG + " (zoo.cfg | port dataDir) "
            + "[--key=value ...]   (the server must be stopped)";

    private SealCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> systemProperties) {
        if (args.isEmpty()) {
            err.println("warden-server: " + USAGE);
            return Main.EXIT_INVALID_CONFIG;
        }
        ServerConfig config;
        try {
            config = ZooCfg.parseArgs(args, systemProperties).config();
        } catch (ConfigException e) {
            err.println("warden-server: " + e.getMessage());
            return Main.EXIT_INVALID_CONFIG;
        }
        if (config.durability() == ServerConfig.Durability.NONE) {
            err.println("warden-server: this configuration keeps no data on disk (durability NONE): nothing to seal");
            return Main.EXIT_INVALID_CONFIG;
        }
        RaftTxnLog.Settings standalone = new RaftTxnLog.Settings(config.dataLogDir().resolve(WardenServer.RAFT_DIR),
                config.dataDir().resolve(WardenServer.SNAPSHOT_DIR), "127.0.0.1", 0, Integer.MAX_VALUE,
                new SnapshotSettings(config.snapRetainCount(), SnapshotSettings.defaults().progressEveryNodes(),
                        SnapshotSettings.defaults().blockBytes()), config.stateConfig());
        EnsembleSeed.Sealed sealed;
        try {
            sealed = EnsembleSeed.seal(standalone, Ticker.systemTicker());
        } catch (ConfigException e) {
            err.println("warden-server: " + e.getMessage());
            return Main.EXIT_INVALID_CONFIG;
        } catch (IOException | RuntimeException e) {
            err.println("warden-server: cannot seal " + config.dataDir() + " (is the server still running?): "
                    + e.getMessage());
            return Main.EXIT_FAILURE;
        }
        out.println("sealed for an ensemble: " + sealed.file().toAbsolutePath());
        out.println("  seed file  " + sealed.file().getFileName());
        out.println("  zxid       0x" + Long.toHexString(sealed.zxid()));
        out.println("  znodes     " + sealed.nodeCount());
        out.println("  sessions   " + sealed.sessionCount());
        out.println("  sha256     " + sealed.sha256());
        sealed.movedLog().ifPresent(p -> out.println("  standalone log moved to " + p.toAbsolutePath()));
        out.println("next: copy " + sealed.file().getFileName() + " into <dataDir>/" + WardenServer.SNAPSHOT_DIR
                + "/ of every other member (check it with sha256sum), then start every member with the full server "
                + "list");
        out.flush();
        return 0;
    }
}
