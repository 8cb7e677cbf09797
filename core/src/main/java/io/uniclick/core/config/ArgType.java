package io.uniclick.core.config;

/**
 * How to parse one argument value (Click's {@code IntArg}, {@code BoolArg}, …). Types are stateless
 * singletons in {@link ArgTypes}.
 *
 * @param <T> the parsed type
 */
@FunctionalInterface
public interface ArgType<T> {
    /** Parses the argument text (already split from the others, not yet unquoted). */
    T parse(String text) throws ArgException;
}
