package io.warden.server;

import io.warden.server.admin.WardenVersion;
import io.warden.server.persist.Inspect;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * {@code java -jar warden-server.jar}: takes the arguments of ZooKeeper's
 * {@code ZooKeeperServerMain} (a zoo.cfg path, or {@code port dataDir [tickTime
 * [maxClientCnxns]]}) plus {@code --key=value} overrides, runs the server in the foreground and
 * stops it cleanly on SIGTERM (shutdown hook). Once serving it prints one line on stdout naming
 * the bound address, so a caller that asked for port 0 learns the port. With {@code inspect} as
 * first argument it runs {@link io.warden.server.persist.Inspect} instead (print a snapshot or
 * txn batch file) and exits; with {@code --seal-for-ensemble} it seals a stopped standalone
 * server's data as the seed of an ensemble ({@link SealCommand}) and exits.
 *
 * <p>Exit codes, as ZooKeeper's: 2 for an invalid invocation or setting (one line on stderr, no
 * stack trace), 1 if the server cannot start or fails, 0 after a clean stop.
 */
public final class Main {
    /** Exit code for an invalid invocation or configuration (ZooKeeper's INVALID_INVOCATION). */
    public static final int EXIT_INVALID_CONFIG = 2;
    /** Exit code when the server cannot start or stops on an error. */
    public static final int EXIT_FAILURE = 1;

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$s [%3$s] %5$s%6$s%n");
        }
        int code = run(args, System.out, System.err, systemProperties());
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses the arguments, starts the server and blocks until it stops; returns the exit code.
     * Invalid arguments return {@link #EXIT_INVALID_CONFIG} at once, without starting anything.
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> systemProperties) {
        List<String> list = List.of(args);
        if (!list.isEmpty() && list.get(0).equals("inspect")) {
            // inspect log DIR: the server's Ratis log (a file is a TxnBatchFile export)
            if (list.size() == 3 && list.get(1).equals("log") && java.nio.file.Files.isDirectory(
                    java.nio.file.Path.of(list.get(2)))) {
                return io.warden.server.raft.RaftLogFiles.print(java.nio.file.Path.of(list.get(2)), out, err);
            }
            return Inspect.run(list.subList(1, list.size()), out, err);
        }
        if (!list.isEmpty() && list.get(0).equals(SealCommand.FLAG)) {
            return SealCommand.run(list.subList(1, list.size()), out, err, systemProperties);
        }
        if (list.contains("-h") || list.contains("--help")) {
            out.println(ZooCfg.USAGE);
            return 0;
        }
        ServerConfig config;
        try {
            ZooCfg.Result result = ZooCfg.parseArgs(list, systemProperties);
            result.notes().forEach(note -> LOG.log(System.Logger.Level.WARNING, note));
            config = result.config();
        } catch (ConfigException e) {
            err.println("warden-server: " + e.getMessage());
            return EXIT_INVALID_CONFIG;
        }
        WardenServer server;
        try {
            server = WardenServer.start(config);
        } catch (ConfigException e) {
            err.println("warden-server: " + e.getMessage());
            return EXIT_INVALID_CONFIG;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "start-up failed", e);
            err.println("warden-server: cannot start: " + e.getMessage());
            return EXIT_FAILURE;
        }
        // java.util.logging drops records during JVM shutdown, so the hook reports on stderr itself.
        Thread hook = new Thread(() -> {
            server.close();
            err.println("warden-server: stopped");
            err.flush();
        }, "warden-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("Warden " + WardenVersion.current().warden() + " (ZooKeeper " + WardenVersion.ZOOKEEPER
                + " protocol) serving on " + server.address().getAddress().getHostAddress() + ":" + server.port()
                + " dataDir=" + config.dataDir().toAbsolutePath());
        out.flush();
        try {
            while (!server.awaitTermination(Duration.ofDays(1))) {
                // serve until closed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        if (server.failure().isPresent()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            err.println("warden-server: stopped on an internal error: " + server.failure().get());
            return EXIT_FAILURE;
        }
        return 0;
    }

    private static Map<String, String> systemProperties() {
        Properties p = System.getProperties();
        Map<String, String> out = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            out.put(name, p.getProperty(name));
        }
        return out;
    }
}
