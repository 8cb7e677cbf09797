package io.uniclick.dsl;

/** A flat connection between element indices of a {@link FlatRouter}. */
public record Connection(int fromElement, int fromPort, int toElement, int toPort, Landmark landmark) {}
