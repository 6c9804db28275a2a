package io.trimtab.mbeans.cache.internal;

import static io.trimtab.mbeans.Checks.requireArgument;

import java.util.regex.Pattern;

/** A glob over string keys: {@code *} any run of characters, {@code ?} one character, {@code \} escapes. */
final class Glob {

    private Glob() {
    }

    static Pattern compile(String glob) {
        requireArgument(glob != null && !glob.isEmpty(), "glob must not be empty but was '%s'", glob);
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\') {
                requireArgument(i + 1 < glob.length(),
                        "glob must not end in a lone '\\' (escape it as '\\\\') but was '%s'", glob);
                literal.append(glob.charAt(++i));
            } else if (c == '*' || c == '?') {
                flush(literal, regex);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        flush(literal, regex);
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
