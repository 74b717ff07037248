package io.sparkport.connect;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The session a Spark Connect request belongs to, read from the request's bytes without its schema: every
 * request of {@code spark.connect.SparkConnectService} carries {@code string session_id = 1} and
 * {@code UserContext user_context = 2} (whose {@code string user_id = 1} is the client's unauthenticated user
 * name). Pure; anything that is not such a message gives empty.
 */
record RequestSession(String sessionId, String userId) {

    private static final int SESSION_ID = 1;
    private static final int USER_CONTEXT = 2;
    private static final int USER_ID = 1;

    static Optional<RequestSession> read(byte[] message) {
        String session = null;
        String user = "";
        Reader in = new Reader(message, 0, message.length);
        while (in.more()) {
            long tag = in.varint();
            int field = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            if (wireType == 2 && (field == SESSION_ID || field == USER_CONTEXT)) {
                int length = in.length();
                if (field == SESSION_ID) {
                    session = new String(message, in.position, length, StandardCharsets.UTF_8);
                } else {
                    user = userId(message, in.position, length);
                }
                in.skip(length);
            } else if (!in.skipField(wireType)) {
                return Optional.empty();
            }
            if (in.broken) {
                return Optional.empty();
            }
        }
        return session == null || session.isEmpty() ? Optional.empty() : Optional.of(new RequestSession(session, user));
    }

    private static String userId(byte[] message, int from, int length) {
        Reader in = new Reader(message, from, from + length);
        while (in.more()) {
            long tag = in.varint();
            int wireType = (int) (tag & 7);
            if (wireType == 2 && (tag >>> 3) == USER_ID) {
                int l = in.length();
                return in.broken ? "" : new String(message, in.position, l, StandardCharsets.UTF_8);
            }
            if (!in.skipField(wireType) || in.broken) {
                return "";
            }
        }
        return "";
    }

    /** Protocol Buffers' wire format, as much as skipping fields needs. */
    private static final class Reader {
        final byte[] bytes;
        final int end;
        int position;
        boolean broken;

        Reader(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.position = from;
            this.end = end;
        }

        boolean more() {
            return !broken && position < end;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    broken = true;
                    return 0;
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            broken = true;
            return 0;
        }

        int length() {
            long length = varint();
            if (length < 0 || length > end - position) {
                broken = true;
                return 0;
            }
            return (int) length;
        }

        void skip(int n) {
            position += n;
        }

        /** Skips a field's value; false for a wire type that ends parsing (groups, unknown). */
        boolean skipField(int wireType) {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> skip(8);
                case 2 -> skip(length());
                case 5 -> skip(4);
                default -> {
                    return false;
                }
            }
            if (position > end) {
                broken = true;
            }
            return true;
        }
    }
}
