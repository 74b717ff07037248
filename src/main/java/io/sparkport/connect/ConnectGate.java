package io.sparkport.connect;

import io.grpc.Status;
import io.sparkport.SparkportException;
import io.sparkport.auth.Caller;
import io.sparkport.auth.Owners;
import io.sparkport.pool.PoolName;
import java.util.List;
import java.util.Optional;

/**
 * Pure decision of the Connect frontend about a call: who calls, and may they use the pool they name. The
 * answers are gRPC statuses a person can act on: UNAUTHENTICATED without a valid token, INVALID_ARGUMENT
 * without a pool, NOT_FOUND for an unknown pool, PERMISSION_DENIED for a pool the caller does not own.
 */
final class ConnectGate {

    /** The call may go on as {@code caller}, or is refused with {@code refusal}. */
    record Verdict(Caller caller, Status refusal) {

        boolean admitted() {
            return refusal == null;
        }
    }

    static final String POOL_KEY = "x-sparkport-pool";

    private ConnectGate() {
    }

    /**
     * @param authOn     whether the service authenticates callers
     * @param tokenGiven whether the call carried {@code Authorization: Bearer <token>}
     * @param caller     the token's caller, if it is a known token
     * @param pool       the pool named by the {@value #POOL_KEY} metadata, null when none
     * @param owners     the pool's owners, empty when the pool does not exist
     */
    static Verdict decide(boolean authOn, boolean tokenGiven, Optional<Caller> caller, String pool,
                          Optional<List<String>> owners) {
        if (authOn && caller.isEmpty()) {
            return refuse(Status.UNAUTHENTICATED.withDescription(tokenGiven
                    ? "the Sparkport token is not valid"
                    : "a Sparkport token is required: append ;token=<your token> to the sc:// URL"));
        }
        Caller who = authOn ? caller.get() : Caller.ANONYMOUS;
        if (pool == null || pool.isBlank()) {
            return refuse(Status.INVALID_ARGUMENT.withDescription("no pool named: append ;" + POOL_KEY
                    + "=<pool> to the sc:// URL (GET /api/v1/pools/<pool> gives the whole URL as sparkConnectUrl)"));
        }
        try {
            PoolName.validate(pool);
        } catch (SparkportException e) {
            return refuse(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
        }
        if (owners.isEmpty()) {
            return refuse(Status.NOT_FOUND.withDescription("pool '" + pool + "' does not exist"));
        }
        if (!Owners.permits(owners.get(), who)) {
            return refuse(Status.PERMISSION_DENIED.withDescription("'" + who.name() + "' is not an owner of pool '"
                    + pool + "'"));
        }
        return new Verdict(who, null);
    }

    /** A session another Sparkport user opened is theirs alone. */
    static Status foreignSession(String sessionId, Caller caller) {
        return Status.PERMISSION_DENIED.withDescription("session " + sessionId + " belongs to another user than '"
                + caller.name() + "': open a session of your own");
    }

    private static Verdict refuse(Status status) {
        return new Verdict(null, status);
    }
}
