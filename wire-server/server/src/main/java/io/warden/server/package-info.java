/**
 * The standalone server's entry points: {@link io.warden.server.Main} (the
 * {@code java -jar warden-server.jar} command line, ZooKeeperServerMain's arguments),
 * {@link io.warden.server.ServerConfig} (validated settings; {@link io.warden.server.ZooCfg}
 * reads zoo.cfg, system properties and overrides), {@link io.warden.server.ServerEnv} (the
 * injected clocks and randomness) and {@link io.warden.server.WardenServer} (wiring and lifecycle
 * only). Depends on every server package; sub-packages may depend on {@code ServerConfig} and
 * nothing else here. Types are immutable or thread-safe as their javadoc says.
 */
package io.warden.server;
