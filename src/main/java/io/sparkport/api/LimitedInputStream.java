package io.sparkport.api;

import io.sparkport.SparkportException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A body that may not exceed a limit: reading past it fails with a 413 problem, also for a chunked body. */
final class LimitedInputStream extends FilterInputStream {

    private final long limit;
    private final String what;
    private long read;

    LimitedInputStream(InputStream in, long limit, String what) {
        super(in);
        this.limit = limit;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) {
        read += n;
        if (read > limit) {
            throw SparkportException.tooLarge(what + " is larger than " + limit + " bytes");
        }
    }
}
