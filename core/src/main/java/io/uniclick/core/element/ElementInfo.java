package io.uniclick.core.element;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Metadata of an element class, the Java counterpart of Click's {@code class_name()},
 * {@code port_count()}, {@code processing()} and {@code flow_code()}, plus the documentation
 * {@code uniclick doc} prints. One annotation per element class; the registry reads it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ElementInfo {
    /** Click class name, e.g. {@code "Counter"}. */
    String name();

    /** Other names accepted for the class (e.g. {@code LookupIPRoute}). */
    String[] aliases() default {};

    /** Port count specifier, e.g. {@code "1/1-2"} (Click B.2). */
    String ports();

    /** Processing specifier, e.g. {@code "a/ah"} (Click B.3). */
    String processing() default "a/a";

    /** Flow code, e.g. {@code "x/y"} (Click B.4). */
    String flow() default "x/x";

    /** One-line synopsis: the class name and its argument form. */
    String synopsis() default "";

    /** What the element does, in a paragraph or two. */
    String description() default "";

    /** Keyword arguments, each {@code "NAME: meaning"}. */
    String[] keywords() default {};

    /** Handlers, each {@code "name (r|w|rw): meaning"}. */
    String[] handlers() default {};

    /** A short configuration using the element. */
    String example() default "";

    /** Where the element differs from Click, if anywhere. */
    String notes() default "";
}
