package io.sparkport.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkport.SparkportException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoolNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"default", "demo", "a", "team-7", "0abc", "a234567890123456789012345678901234567890"})
    void acceptsDns1123Labels(String name) {
        assertEquals(name, PoolName.validate(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Demo", "-demo", "demo-", "de_mo", "de.mo", "de mo", "a/b", "..",
            "a2345678901234567890123456789012345678901"})
    void refusesOthers(String name) {
        assertThrows(SparkportException.class, () -> PoolName.validate(name));
    }
}
