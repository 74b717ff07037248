package io.sparkport.auth;

import java.util.Set;

/** Who is calling: a user name, whether they are an admin, and the groups they belong to. */
public record Caller(String name, boolean admin, Set<String> groups) {

    /** Every caller while authentication is turned off: one local user who may do everything. */
    public static final Caller ANONYMOUS = new Caller("anonymous", true, Set.of());

    /** Whether an owner entry ({@code alice} or {@code group:analysts}) names this caller. */
    public boolean isNamedBy(String owner) {
        return owner.startsWith(Owners.GROUP_PREFIX) ? groups.contains(owner.substring(Owners.GROUP_PREFIX.length()))
                : owner.equals(name);
    }
}
