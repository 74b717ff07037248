package io.sparkport.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.sparkport.auth.Caller;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectGateTest {

    static final Caller ALICE = new Caller("alice", false, Set.of("analysts"));
    static final Optional<List<String>> ALICES = Optional.of(List.of("alice"));

    static ConnectGate.Verdict decide(boolean tokenGiven, Optional<Caller> caller, String pool,
                                      Optional<List<String>> owners) {
        return ConnectGate.decide(true, tokenGiven, caller, pool, owners);
    }

    static void refused(Status.Code code, String description, ConnectGate.Verdict verdict) {
        assertEquals(code, verdict.refusal().getCode());
        assertEquals(description, verdict.refusal().getDescription());
    }

    @Test
    void anOwnerWithAValidTokenIsAdmitted() {
        ConnectGate.Verdict v = decide(true, Optional.of(ALICE), "demo", ALICES);
        assertTrue(v.admitted());
        assertEquals(ALICE, v.caller());
        assertTrue(decide(true, Optional.of(ALICE), "demo", Optional.of(List.of("group:analysts"))).admitted());
        assertTrue(decide(true, Optional.of(new Caller("root", true, Set.of())), "demo", Optional.of(List.of())).admitted(),
                "an admin uses every pool");
    }

    @Test
    void eachRefusalHasItsCodeAndSaysWhatToDo() {
        refused(Status.Code.UNAUTHENTICATED, "a Sparkport token is required: append ;token=<your token> to the sc:// URL",
                decide(false, Optional.empty(), "demo", ALICES));
        refused(Status.Code.UNAUTHENTICATED, "the Sparkport token is not valid", decide(true, Optional.empty(), "demo", ALICES));
        refused(Status.Code.INVALID_ARGUMENT, "no pool named: append ;x-sparkport-pool=<pool> to the sc:// URL"
                + " (GET /api/v1/pools/<pool> gives the whole URL as sparkConnectUrl)", decide(true, Optional.of(ALICE), null, ALICES));
        assertEquals(Status.Code.INVALID_ARGUMENT, decide(true, Optional.of(ALICE), "Bad_Name", Optional.empty())
                .refusal().getCode());
        refused(Status.Code.NOT_FOUND, "pool 'gone' does not exist", decide(true, Optional.of(ALICE), "gone", Optional.empty()));
        refused(Status.Code.PERMISSION_DENIED, "'alice' is not an owner of pool 'bobs'",
                decide(true, Optional.of(ALICE), "bobs", Optional.of(List.of("bob"))));
    }

    @Test
    void withoutAuthenticationEveryoneIsTheLocalUser() {
        ConnectGate.Verdict v = ConnectGate.decide(false, false, Optional.empty(), "demo", Optional.of(List.of()));
        assertTrue(v.admitted());
        assertEquals(Caller.ANONYMOUS, v.caller());
        refused(Status.Code.NOT_FOUND, "pool 'gone' does not exist",
                ConnectGate.decide(false, false, Optional.empty(), "gone", Optional.empty()));
    }
}
