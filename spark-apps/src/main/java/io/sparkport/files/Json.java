package io.sparkport.files;

import java.nio.file.attribute.BasicFileAttributes;

/** The little JSON the file server writes, by hand: it runs with the JDK alone. */
final class Json {

    private Json() {
    }

    /** {@code {"message":"..."}} */
    static String message(String message) {
        return "{\"message\":" + string(message) + "}";
    }

    /** {@code {"path":"raw/a.csv","size":123,"modified":1733450000000}}, modified in epoch milliseconds. */
    static String file(String path, BasicFileAttributes attributes) {
        return file(new StringBuilder(96), path, attributes.size(), attributes.lastModifiedTime().toMillis()).toString();
    }

    static StringBuilder file(StringBuilder out, String path, long size, long modifiedMillis) {
        out.append("{\"path\":");
        string(out, path);
        return out.append(",\"size\":").append(size).append(",\"modified\":").append(modifiedMillis).append('}');
    }

    static String string(String value) {
        return string(new StringBuilder(value.length() + 2), value).toString();
    }

    /** Appends the value as a JSON string: quotes, backslashes and control characters escaped. */
    static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> appendPlain(out, c);
            }
        }
        return out.append('"');
    }

    private static void appendPlain(StringBuilder out, char c) {
        // U+2028/2029 are valid JSON but break JavaScript that evals it; escaping them costs nothing.
        if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
        } else {
            out.append(c);
        }
    }
}
