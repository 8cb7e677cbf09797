package io.uniclick.dsl;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Entry point of the Click-language front end. */
public final class ClickParser {
    private ClickParser() {}

    /**
     * Parses text. defines = command-line NAME=value (override file-scope define()). Never throws for bad
     * input: errors go into diags. Returns the flat router (possibly partial when diags has errors).
     */
    public static FlatRouter parse(String text, String fileName, Map<String, String> defines, ClassCatalog catalog,
                                   Diagnostics diags) {
        return parse(text, fileName, defines, catalog, diags, List.of());
    }

    /** Same, with a search path for {@code require(library x.click)} (CLICKPATH entries; the config's own directory is searched too). */
    public static FlatRouter parse(String text, String fileName, Map<String, String> defines, ClassCatalog catalog,
                                   Diagnostics diags, List<Path> libraryPath) {
        Diagnostics d = diags != null ? diags : new Diagnostics();
        String fn = fileName == null || fileName.isEmpty() ? "config" : fileName;
        Parser p = new Parser(d, catalog, libraryPath);
        try {
            p.parseFile(text == null ? "" : text, fn);
            return p.flatten(defines);
        } catch (StackOverflowError e) {
            d.error(new Landmark(fn, 1), "configuration too deeply nested");
        } catch (RuntimeException e) {
            d.error(new Landmark(fn, 1), "internal error: " + e);
        }
        return new FlatRouter(List.of(), List.of(), List.of());
    }
}
