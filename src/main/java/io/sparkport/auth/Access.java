package io.sparkport.auth;

import io.sparkport.SparkportException;
import io.sparkport.pool.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Authorization: admins may do everything; anyone else may act on a pool (submit, read jobs, results and
 * logs, touch files, schedule) only when the pool's owners name them or one of their groups.
 */
@ApplicationScoped
public class Access {

    private final CurrentCaller current;
    private final Authenticator authenticator;

    public Access(CurrentCaller current, Authenticator authenticator) {
        this.current = current;
        this.authenticator = authenticator;
    }

    public Caller caller() {
        Caller caller = current.get();
        if (caller != null) {
            return caller;
        }
        if (authenticator.enabled()) {
            throw SparkportException.unauthorized("a bearer token is required");
        }
        return Caller.ANONYMOUS;
    }

    /** Refuses (403) a caller who may not use the pool; an unknown pool is left to the caller's own 404 or 422. */
    public void requirePool(String pool) {
        Caller caller = caller();
        if (caller.admin() || pool == null) {
            return;
        }
        Pool p = Pool.findById(pool);
        if (p != null && !Owners.permits(p.owners, caller)) {
            throw SparkportException.forbidden("'" + caller.name() + "' is not an owner of pool '" + pool + "'");
        }
    }

    /** The pools the caller may see, or null for all of them (an admin). */
    public Set<String> visiblePools() {
        Caller caller = caller();
        if (caller.admin()) {
            return null;
        }
        return Pool.<Pool>listAll().stream().filter(p -> Owners.permits(p.owners, caller)).map(p -> p.name)
                .collect(Collectors.toSet());
    }

    public boolean mayUse(Pool pool) {
        return Owners.permits(pool.owners, caller());
    }

    public boolean mayUse(List<String> owners) {
        return Owners.permits(owners, caller());
    }
}
