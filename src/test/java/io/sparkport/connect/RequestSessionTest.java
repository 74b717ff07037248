package io.sparkport.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestSessionTest {

    /** Protocol Buffers' wire format for the fields a test needs. */
    static final class Proto {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            varint((long) field << 3 | 2).varint(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto number(int field, long value) {
            return varint((long) field << 3).varint(value);
        }

        Proto fixed64(int field) {
            varint((long) field << 3 | 1);
            out.writeBytes(new byte[8]);
            return this;
        }

        byte[] build() {
            return out.toByteArray();
        }
    }

    @Test
    void readsTheSessionAndTheClientsUserWhereverTheyAre() {
        byte[] user = new Proto().string(2, "Alice A.").string(1, "alice").build();
        byte[] plan = new Proto().string(1, "select 1").build();
        byte[] request = new Proto().bytes(3, plan).number(7, 42).fixed64(9).bytes(2, user)
                .string(1, "6a3c2d8e-0000-4000-8000-000000000001").string(6, "op-1").build();
        assertEquals(Optional.of(new RequestSession("6a3c2d8e-0000-4000-8000-000000000001", "alice")),
                RequestSession.read(request));
    }

    @Test
    void aRequestWithoutUserContextStillNamesItsSession() {
        assertEquals(Optional.of(new RequestSession("s", "")), RequestSession.read(new Proto().string(1, "s").build()));
    }

    @Test
    void anythingElseNamesNoSession() {
        assertTrue(RequestSession.read(new byte[0]).isEmpty());
        assertTrue(RequestSession.read(new Proto().string(3, "x").build()).isEmpty());
        assertTrue(RequestSession.read(new byte[] {0x0a, 0x7f, 0x41}).isEmpty(), "a length past the end");
        assertTrue(RequestSession.read(new byte[] {(byte) 0xff, (byte) 0xff}).isEmpty(), "a broken varint");
        assertTrue(RequestSession.read(new byte[] {0x0b, 0x0a}).isEmpty(), "a group");
    }
}
