package io.uniclick.dsl;

/** Diagnostic severity. */
public enum Severity { ERROR, WARNING }
