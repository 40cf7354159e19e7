package io.warden.compat.matrix;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Places a test (or every test of a class) in the compatibility matrix: which stock client it
 * drives and which features it proves. {@link ResultsListener} records the annotation with each
 * result; {@link Mapping} uses it before its own table of the unannotated suites. A method's
 * annotation wins over its class's.
 *
 * <p>The target (real ZooKeeper or Warden) is not part of the annotation: it comes from the
 * parameter's display name ({@code "zookeeper"}, {@code "warden"}) or the class name.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Compat {
    /** The row. */
    CompatClient client();

    /** The columns this test proves. */
    CompatFeature[] features();
}
