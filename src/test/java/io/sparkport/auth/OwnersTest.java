package io.sparkport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnersTest {

    static final Caller ALICE = new Caller("alice", false, Set.of("analysts"));
    static final Caller ROOT = new Caller("root", true, Set.of());

    @Test
    void ownersAreUsersAndGroups() {
        assertTrue(Owners.permits(List.of("alice"), ALICE));
        assertTrue(Owners.permits(List.of("group:analysts"), ALICE));
        assertFalse(Owners.permits(List.of("bob", "group:ops"), ALICE));
        assertFalse(Owners.permits(List.of("group:alice"), ALICE), "a group entry never names a user");
        assertFalse(Owners.permits(List.of(), ALICE));
        assertFalse(Owners.permits(null, ALICE));
    }

    @Test
    void adminsMayUseEveryPool() {
        assertTrue(Owners.permits(List.of(), ROOT));
        assertTrue(Owners.permits(null, ROOT));
    }

    @Test
    void validatesEntries() {
        assertNull(Owners.validate(null));
        assertEquals(List.of("alice", "group:ops"), Owners.validate(List.of("alice", "group:ops", "alice")));
        for (String bad : new String[] {"", "group:", "../x", "a b", "x\u0000", "é", "-lead"}) {
            assertThrows(SparkportException.class, () -> Owners.validate(List.of(bad)), bad);
        }
        assertThrows(SparkportException.class, () -> Owners.validate(Arrays.asList((String) null)));
    }
}
