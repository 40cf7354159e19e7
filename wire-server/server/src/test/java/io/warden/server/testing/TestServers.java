package io.warden.server.testing;

import io.warden.server.ServerConfig;
import io.warden.server.ServerEnv;
import io.warden.server.WardenServer;
import io.warden.server.sequencer.Entropy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Servers on 127.0.0.1 and a free port, with a fake ticker and a seeded random source. Stateless. */
public final class TestServers {
    public static final long SEED = 0x5EED_1234L;

    private TestServers() {
    }

    /** A builder with test defaults: loopback, port 0, tickTime 2000, all four-letter words. */
    public static ServerConfig.Builder config(Path dataDir) {
        return ServerConfig.builder().clientPortAddress("127.0.0.1").clientPort(0).dataDir(dataDir).tickTimeMs(2000)
                .ioThreads(2).allFourLetterWords();
    }

    public static WardenServer start(Path dataDir, FakeTicker ticker, UnaryOperator<ServerConfig.Builder> custom)
            throws IOException {
        return WardenServer.start(custom.apply(config(dataDir)).build(),
                new ServerEnv(ticker, ticker, Entropy.seeded(SEED)));
    }

    public static WardenServer start(Path dataDir, FakeTicker ticker) throws IOException {
        return start(dataDir, ticker, b -> b);
    }
}
