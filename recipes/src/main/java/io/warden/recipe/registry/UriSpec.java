package io.warden.recipe.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Curator's {@code UriSpec}: a template such as {@code "{scheme}://{address}:{port}/orders"} made of
 * literal and variable parts (stored in that form in the instance's JSON). Variables filled from
 * an instance: {@code scheme} ({@code https} if it has an sslPort, else {@code http}), {@code name},
 * {@code id}, {@code address}, {@code port}, {@code ssl-port}, {@code registration-time-utc},
 * {@code service-type}, and {@code [} / {@code ]} for literal braces; caller-given variables win;
 * unknown ones render as nothing, as in Curator. Immutable.
 */
public record UriSpec(List<Part> parts) {
    /** A literal text or a variable name. */
    public record Part(String value, boolean variable) {
        public Part {
            Objects.requireNonNull(value, "value");
        }
    }

    public UriSpec {
        parts = List.copyOf(parts);
    }

    /** Parses a template ({@code {} and {@code }} delimit variables; no nesting). */
    public static UriSpec parse(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inVariable = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (inVariable) {
                    throw new IllegalArgumentException("'{' inside a variable: " + template);
                }
                flush(parts, current, false);
                inVariable = true;
            } else if (c == '}') {
                if (!inVariable) {
                    throw new IllegalArgumentException("'}' without '{': " + template);
                }
                flush(parts, current, true);
                inVariable = false;
            } else {
                current.append(c);
            }
        }
        if (inVariable) {
            throw new IllegalArgumentException("variable not closed: " + template);
        }
        flush(parts, current, false);
        return new UriSpec(parts);
    }

    private static void flush(List<Part> parts, StringBuilder current, boolean variable) {
        if (current.length() > 0) {
            String value = variable ? current.toString().strip() : current.toString();
            parts.add(new Part(value, variable));
            current.setLength(0);
        }
    }

    /** Renders the template for {@code instance} with extra {@code variables}. */
    public String build(ServiceInstance<?> instance, Map<String, ?> variables) {
        Map<String, Object> values = new HashMap<>();
        values.put("[", "{");
        values.put("]", "}");
        values.put("scheme", "http");
        if (instance != null) {
            values.put("name", instance.name());
            values.put("id", instance.id());
            putIfNotNull(values, "address", instance.address());
            putIfNotNull(values, "port", instance.port());
            if (instance.sslPort() != null) {
                values.put("ssl-port", instance.sslPort());
                values.put("scheme", "https");
            }
            values.put("registration-time-utc", instance.registrationTimeUtc());
            values.put("service-type", instance.serviceType().name().toLowerCase(Locale.ROOT));
        }
        values.putAll(variables);
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (!p.variable()) {
                out.append(p.value());
            } else if (values.get(p.value()) != null) {
                out.append(values.get(p.value()));
            }
        }
        return out.toString();
    }

    private static void putIfNotNull(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
