package io.sparkport.files;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A file's path relative to the pool's root, from the raw (still percent-encoded) rest of a request URL.
 * It is decoded exactly once, then refused when it could leave the root or mean something else on a second
 * decoding: the same rules as the service's {@code PoolPath}, checked again here as defense in depth.
 */
record FilePath(String value, List<String> segments) {

    private static final Pattern ENCODED_SEPARATOR_OR_DOT = Pattern.compile("%(2e|2f|5c|00|25)", Pattern.CASE_INSENSITIVE);

    static FilePath fromRaw(String raw) {
        return of(decode(raw));
    }

    static FilePath of(String path) {
        if (path.isEmpty()) {
            throw HttpFailure.badRequest("path is required");
        }
        if (path.startsWith("/")) {
            throw HttpFailure.badRequest("path '" + path + "' must be relative to the pool");
        }
        if (path.indexOf('\\') >= 0 || ENCODED_SEPARATOR_OR_DOT.matcher(path).find()) {
            throw HttpFailure.badRequest("path '" + path + "' contains an escaped separator or dot");
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            throw HttpFailure.badRequest("path contains a control character");
        }
        List<String> segments = List.of(path.split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw HttpFailure.badRequest("path '" + path + "' has an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw HttpFailure.badRequest("path '" + path + "' leaves the pool");
            }
        }
        return new FilePath(path, segments);
    }

    /**
     * Percent-decodes the raw text once, as UTF-8. A character of the raw text stands for the byte of its
     * code (the JDK's server reads the request line as ISO-8859-1), so an unencoded UTF-8 name also works.
     */
    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                bytes.write(escapedByte(raw, i));
                i += 2;
            } else if (c <= 0xff) {
                bytes.write(c);
            } else {
                throw notUtf8(raw);
            }
        }
        return utf8(raw, bytes.toByteArray());
    }

    private static int escapedByte(String raw, int at) {
        int high = at + 1 < raw.length() ? Character.digit(raw.charAt(at + 1), 16) : -1;
        int low = at + 2 < raw.length() ? Character.digit(raw.charAt(at + 2), 16) : -1;
        if (high < 0 || low < 0) {
            throw HttpFailure.badRequest("'" + raw + "' has a malformed percent escape at character " + at);
        }
        return high * 16 + low;
    }

    private static String utf8(String raw, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw notUtf8(raw);
        }
    }

    private static HttpFailure notUtf8(String raw) {
        return HttpFailure.badRequest("'" + raw + "' is not percent-encoded UTF-8");
    }
}
