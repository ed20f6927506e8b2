package dev.dslab.shell.report;

import java.util.Locale;

/** Escaping for text and attribute values in HTML and inline SVG: every value from a run passes here. */
final class Html {

    private Html() {
    }

    static String escape(Object value) {
        String text = String.valueOf(value);
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> {
                    // control characters are not allowed in HTML text; a target could send them in a value
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        escaped.append('\uFFFD');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    /** A coordinate for SVG: short, locale-independent. */
    static String num(double value) {
        if (!Double.isFinite(value)) {
            return "0";
        }
        String text = String.format(Locale.ROOT, "%.2f", value);
        return text.endsWith(".00") ? text.substring(0, text.length() - 3) : text;
    }
}
