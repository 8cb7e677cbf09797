package io.uniclick.core.config;

import io.uniclick.core.element.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * Declarative argument parsing in Click's manner: an element asks for each argument by keyword,
 * saying whether it is mandatory and whether it may be given by position, then calls
 * {@link #complete()}, which reports every problem at once ("LIMIT: invalid number",
 * "FOO: unknown argument", "too many arguments", "LENGTH: required argument missing").
 *
 * <p>Positional arguments fill positional slots in the order the element reads them. An argument
 * whose first word looks like a keyword ({@link ConfigText#isKeywordLike}), has no lower-case
 * letter and is followed by more text is a keyword argument, except that a mandatory positional slot absorbs it. The last of
 * repeated keywords wins.
 */
public final class Args {
    private final List<String> args;
    private final boolean[] used;
    private final List<String> errors = new ArrayList<>();
    private int nextPositional;
    private boolean positionalOpen = true;
    private AddressResolver addresses;

    /** Arguments already split (see {@link ConfigText#splitArguments}). */
    public Args(List<String> args) {
        this.args = List.copyOf(args);
        this.used = new boolean[args.size()];
    }

    /** Splits {@code config} into arguments. */
    public static Args of(String config) {
        return new Args(ConfigText.splitArguments(config));
    }

    /** Lets IPv4, prefix and Ethernet arguments name AddressInfo entries (set by the compiler). */
    public Args withAddresses(AddressResolver r) {
        this.addresses = r;
        return this;
    }

    /** The AddressInfo resolver, or null. */
    public AddressResolver addresses() {
        return addresses;
    }

    /** Number of arguments. */
    public int size() {
        return args.size();
    }

    /** All arguments, raw. */
    public List<String> all() {
        return args;
    }

    /** A mandatory argument that may be positional. */
    public <T> T mandatoryPositional(String keyword, ArgType<T> type) {
        return read(keyword, type, null, true, true);
    }

    /** An optional argument that may be positional. */
    public <T> T positional(String keyword, ArgType<T> type, T dflt) {
        return read(keyword, type, dflt, false, true);
    }

    /** A mandatory keyword argument. */
    public <T> T mandatory(String keyword, ArgType<T> type) {
        return read(keyword, type, null, true, false);
    }

    /** An optional keyword argument. */
    public <T> T keyword(String keyword, ArgType<T> type, T dflt) {
        return read(keyword, type, dflt, false, false);
    }

    /** Whether a keyword was given (does not consume it). */
    public boolean has(String keyword) {
        for (int i = 0; i < args.size(); i++) {
            if (!used[i] && keywordOf(args.get(i)).equals(keyword)) {
                return true;
            }
        }
        return false;
    }

    /** Takes all remaining unconsumed arguments (Click's {@code __REST__}-style consumers). */
    public List<String> rest() {
        List<String> r = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (!used[i]) {
                used[i] = true;
                r.add(args.get(i));
            }
        }
        positionalOpen = false;
        return r;
    }

    /** Records an error attached to a keyword, e.g. {@code error("LIMIT", "out of range")}. */
    public void error(String keyword, String message) {
        errors.add(keyword == null ? message : keyword + ": " + message);
    }

    /** Whether any error was recorded so far. */
    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Reports leftovers and all recorded errors; throws if there were any. */
    public void complete() throws ConfigException {
        boolean tooMany = false;
        for (int i = 0; i < args.size(); i++) {
            if (used[i]) {
                continue;
            }
            String kw = keywordOf(args.get(i));
            if (!kw.isEmpty()) {
                errors.add(kw + ": unknown argument");
            } else if (!args.get(i).isEmpty()) {
                tooMany = true;
            }
        }
        if (tooMany) {
            errors.add("too many arguments");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    private <T> T read(String keyword, ArgType<T> type, T dflt, boolean mandatory, boolean mayBePositional) {
        // keyword occurrences (the last wins)
        int found = -1;
        for (int i = 0; i < args.size(); i++) {
            if (!used[i] && keywordOf(args.get(i)).equals(keyword)) {
                used[i] = true;
                found = i;
            }
        }
        if (found >= 0) {
            return parse(keyword, type, ConfigText.restAfterFirstWord(args.get(found)), dflt);
        }
        if (mayBePositional && positionalOpen) {
            while (nextPositional < args.size() && used[nextPositional]) {
                nextPositional++;
            }
            if (nextPositional < args.size()) {
                String a = args.get(nextPositional);
                if (keywordOf(a).isEmpty() || mandatory) {
                    used[nextPositional++] = true;
                    if (a.isEmpty() && !mandatory) {
                        return dflt; // an empty positional argument keeps the default, as in Click
                    }
                    return parse(keyword, type, a, dflt);
                }
                positionalOpen = false;
            }
        }
        if (mandatory) {
            errors.add(keyword + ": required argument missing");
        }
        return dflt;
    }

    private <T> T parse(String keyword, ArgType<T> type, String text, T dflt) {
        try {
            return type.parse(resolveName(type, text));
        } catch (ArgException e) {
            errors.add(keyword + ": " + e.getMessage());
            return dflt;
        } catch (RuntimeException e) {
            errors.add(keyword + ": parse error");
            return dflt;
        }
    }

    /** Replaces an AddressInfo name by its address when the type is an address type. */
    String resolveName(ArgType<?> type, String text) {
        if (addresses == null) {
            return text;
        }
        AddressResolver.Kind kind = type == ArgTypes.IPV4 ? AddressResolver.Kind.IPV4
                : type == ArgTypes.IPV4_PREFIX ? AddressResolver.Kind.IPV4_PREFIX
                : type == ArgTypes.ETHER ? AddressResolver.Kind.ETHER : null;
        String t = text.trim();
        if (kind == null || t.isEmpty() || !(Character.isLetter(t.charAt(0)) || t.charAt(0) == '_')) {
            return text;
        }
        String r = addresses.resolve(t, kind);
        return r == null ? text : r;
    }

    /** The keyword of a keyword-style argument ("LIMIT 10" → "LIMIT"), or "" if it is not one. */
    static String keywordOf(String arg) {
        String w = ConfigText.firstWord(arg);
        if (w.isEmpty() || w.length() == arg.length() || !ConfigText.isKeywordLike(w)) {
            return "";
        }
        if (!Character.isWhitespace(arg.charAt(w.length()))) {
            return "";
        }
        // Keywords are upper case by Click's convention; "hello world" stays a positional value.
        for (int i = 0; i < w.length(); i++) {
            if (Character.isLowerCase(w.charAt(i))) {
                return "";
            }
        }
        return w;
    }
}
