/**
 * The compatibility matrix ({@code docs/compatibility.md}), generated from the suite's own
 * results rather than written by hand. {@link io.warden.compat.matrix.ResultsListener} (a JUnit
 * Platform listener registered through {@code META-INF/services}) records every test's outcome
 * per server into {@code target/compat-results/<class>.json} ({@link
 * io.warden.compat.matrix.ResultsFile}) and, when the run ends, has {@link
 * io.warden.compat.matrix.MatrixGenerator} write {@code target/compatibility.md}. Tests place
 * themselves with {@link io.warden.compat.matrix.Compat}; {@link io.warden.compat.matrix.Mapping}
 * places the rest by package, class, method and scenario names.
 *
 * <p>May depend on: the JDK and the JUnit Platform launcher API. Other test packages may use
 * {@code Compat}, {@code CompatClient} and {@code CompatFeature}; nothing else here.
 *
 * <p>Threading: the listener is synchronized (JUnit may call it from several threads); the
 * generator and mapping are stateless; records are immutable. The one clock read, the
 * generation and recording time, goes through an injected {@link java.time.InstantSource}.
 */
package io.warden.compat.matrix;
