package io.sparkport.pool;

import io.sparkport.SparkportException;
import java.util.regex.Pattern;

/** A pool name: a DNS-1123 label of at most 40 characters, so Kubernetes object names built from it stay valid. */
public final class PoolName {

    public static final int MAX_LENGTH = 40;
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private PoolName() {
    }

    /** Returns the name when valid, else throws {@link SparkportException} saying why. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw SparkportException.invalid("pool name is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw SparkportException.invalid("pool name '" + name + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (!DNS_1123_LABEL.matcher(name).matches()) {
            throw SparkportException.invalid("pool name '" + name
                    + "' must consist of lower case letters, digits and '-', and start and end with a letter or digit");
        }
        return name;
    }
}
