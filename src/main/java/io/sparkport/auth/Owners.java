package io.sparkport.auth;

import io.sparkport.SparkportException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Pure: a pool's owners, users ({@code alice}) and groups ({@code group:analysts}), validated. */
public final class Owners {

    public static final String GROUP_PREFIX = "group:";
    static final int MAX = 100;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private Owners() {
    }

    /** The owners as given, checked and without duplicates; null stays null (no change). */
    public static List<String> validate(List<String> owners) {
        if (owners == null) {
            return null;
        }
        if (owners.size() > MAX) {
            throw SparkportException.invalid("owners has more than " + MAX + " entries");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String owner : owners) {
            if (owner == null) {
                throw SparkportException.invalid("owners must not contain null");
            }
            String name = owner.startsWith(GROUP_PREFIX) ? owner.substring(GROUP_PREFIX.length()) : owner;
            if (!NAME.matcher(name).matches()) {
                throw SparkportException.invalid("owner '" + owner + "' must be a user name or group:<name> of letters,"
                        + " digits, '.', '_', '@' and '-' (at most 100)");
            }
            out.add(owner);
        }
        return new ArrayList<>(out);
    }

    /** Whether the caller may use a pool with these owners: admins may use every pool. */
    public static boolean permits(List<String> owners, Caller caller) {
        return caller.admin() || (owners != null && owners.stream().anyMatch(caller::isNamedBy));
    }
}
