package io.sparkport.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Stream copies through one 64 KiB buffer: neither an upload nor a download is ever held in memory. */
final class Copying {

    static final int BUFFER = 64 * 1024;

    private Copying() {
    }

    /** Copies until the input ends; returns the number of bytes. */
    static long copy(InputStream in, OutputStream out) throws IOException {
        return copy(in, out, Long.MAX_VALUE);
    }

    /** Copies until the input ends or {@code limit} bytes were copied; returns the number of bytes. */
    static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
