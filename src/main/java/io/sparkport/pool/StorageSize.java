package io.sparkport.pool;

import java.math.BigInteger;
import java.util.Map;
import java.util.regex.Matcher;
import io.sparkport.SparkportException;
import java.util.regex.Pattern;

/** A Kubernetes storage quantity ({@code 10Gi}, {@code 500M}), the size asked for a pool's volume. */
public final class StorageSize {

    private static final Pattern QUANTITY = Pattern.compile("(\\d{1,12})(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?");
    private static final Map<String, Long> FACTORS = Map.of(
            "Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30, "Ti", 1L << 40, "Pi", 1L << 50,
            "k", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L, "T", 1_000_000_000_000L, "P", 1_000_000_000_000_000L);
    private static final BigInteger MAX_BYTES = BigInteger.valueOf(1L << 50);

    private StorageSize() {
    }

    /** Validates a quantity between 1Mi and 1Pi and returns it unchanged. */
    public static String validate(String quantity) {
        Matcher m = quantity == null ? null : QUANTITY.matcher(quantity.trim());
        if (m == null || !m.matches()) {
            throw SparkportException.invalid("storage.size '" + quantity + "' is not a quantity like 10Gi or 500Mi");
        }
        BigInteger bytes = new BigInteger(m.group(1))
                .multiply(BigInteger.valueOf(m.group(2) == null ? 1 : FACTORS.get(m.group(2))));
        if (bytes.compareTo(BigInteger.valueOf(1L << 20)) < 0 || bytes.compareTo(MAX_BYTES) > 0) {
            throw SparkportException.invalid("storage.size '" + quantity + "' must be between 1Mi and 1Pi");
        }
        return quantity.trim();
    }
}
