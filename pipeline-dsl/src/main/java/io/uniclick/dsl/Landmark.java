package io.uniclick.dsl;

/** A source position: file name and 1-based line number. */
public record Landmark(String file, int line) {
    @Override
    public String toString() { return file + ":" + line; }
}
