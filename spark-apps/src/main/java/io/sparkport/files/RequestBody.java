package io.sparkport.files;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An upload's body as read: counts its bytes and tells a failed read (the client went away, the connection
 * reset) apart from a failed write of the same copy, by throwing {@link Broken}.
 */
final class RequestBody extends FilterInputStream {

    /** Reading the body failed: the upload ended early. */
    static final class Broken extends IOException {
        Broken(IOException cause) {
            super(HttpFailure.reason(cause), cause);
        }
    }

    private long count;

    RequestBody(InputStream in) {
        super(in);
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        } catch (IOException e) {
            throw new Broken(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            int n = super.read(buffer, offset, length);
            count += Math.max(n, 0);
            return n;
        } catch (IOException e) {
            throw new Broken(e);
        }
    }
}
