package io.uniclick.dsl;

/** A flat element: final name, primitive class, configuration string (variables substituted). */
public record ElementDecl(String name, String className, String config, Landmark landmark) {}
