package io.warden.recipe.registry;

import java.util.Map;
import java.util.Objects;

/**
 * One instance of a service, field for field Curator's {@code ServiceInstance}: stored as JSON at
 * {@code basePath/<name>/<id>}. {@code port}, {@code sslPort}, {@code address}, {@code payload} and
 * {@code uriSpec} may be {@code null}. Immutable if the payload is.
 *
 * @param registrationTimeUtc milliseconds since the epoch (Curator's {@code registrationTimeUTC})
 * @param enabled whether providers may hand it out (Curator 5's {@code enabled}; true by default)
 */
public record ServiceInstance<T>(String name, String id, String address, Integer port, Integer sslPort, T payload,
        long registrationTimeUtc, ServiceType serviceType, UriSpec uriSpec, boolean enabled) {
    public ServiceInstance {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(serviceType, "serviceType");
        if (name.isEmpty() || name.contains("/") || id.isEmpty() || id.contains("/")) {
            throw new IllegalArgumentException("name and id must be non-empty znode names: " + name + ", " + id);
        }
    }

    /** A builder for an instance of {@code name} with id {@code id}. */
    public static <T> Builder<T> builder(String name, String id) {
        return new Builder<>(name, id);
    }

    /** The uri spec rendered for this instance, or {@code null} without a spec. */
    public String buildUri() {
        return uriSpec == null ? null : uriSpec.build(this, Map.of());
    }

    /** This instance with another payload, everything else equal. */
    public ServiceInstance<T> withPayload(T newPayload) {
        return new ServiceInstance<>(name, id, address, port, sslPort, newPayload, registrationTimeUtc, serviceType,
                uriSpec, enabled);
    }

    /** This instance enabled or not. */
    public ServiceInstance<T> withEnabled(boolean on) {
        return new ServiceInstance<>(name, id, address, port, sslPort, payload, registrationTimeUtc, serviceType,
                uriSpec, on);
    }

    /** Builder for {@link ServiceInstance}. Not thread-safe. */
    public static final class Builder<T> {
        private final String name;
        private final String id;
        private String address;
        private Integer port;
        private Integer sslPort;
        private T payload;
        private long registrationTimeUtc;
        private ServiceType serviceType = ServiceType.DYNAMIC;
        private UriSpec uriSpec;
        private boolean enabled = true;

        private Builder(String name, String id) {
            this.name = name;
            this.id = id;
        }

        public Builder<T> address(String a) {
            this.address = a;
            return this;
        }

        public Builder<T> port(Integer p) {
            this.port = p;
            return this;
        }

        public Builder<T> sslPort(Integer p) {
            this.sslPort = p;
            return this;
        }

        public Builder<T> payload(T p) {
            this.payload = p;
            return this;
        }

        public Builder<T> registrationTimeUtc(long ms) {
            this.registrationTimeUtc = ms;
            return this;
        }

        public Builder<T> serviceType(ServiceType t) {
            this.serviceType = t;
            return this;
        }

        public Builder<T> uriSpec(UriSpec spec) {
            this.uriSpec = spec;
            return this;
        }

        public Builder<T> uriSpec(String template) {
            this.uriSpec = UriSpec.parse(template);
            return this;
        }

        public Builder<T> enabled(boolean on) {
            this.enabled = on;
            return this;
        }

        public ServiceInstance<T> build() {
            return new ServiceInstance<>(name, id, address, port, sslPort, payload, registrationTimeUtc, serviceType,
                    uriSpec, enabled);
        }
    }
}
