package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EngineCacheTest {

    static final long MAX = 1000;

    @Test
    void aSmallFileIsCached() {
        assertEquals(new EngineCache.Step(false, true), EngineCache.step(10, MAX, null, "v1"));
        assertEquals(new EngineCache.Step(false, true), EngineCache.step(10, MAX, "v1", "v1"));
        assertEquals(new EngineCache.Step(false, true), EngineCache.step(MAX, MAX, null, "v1"), "the limit itself fits");
    }

    @Test
    void aChangedFileDropsTheOldCopy() {
        assertEquals(new EngineCache.Step(true, true), EngineCache.step(10, MAX, "v1", "v2"));
    }

    @Test
    void aFileOverTheLimitIsReadAsItIsAndItsOldCopyGoes() {
        assertEquals(new EngineCache.Step(true, false), EngineCache.step(MAX + 1, MAX, "v1", "v2"));
        assertEquals(new EngineCache.Step(false, false), EngineCache.step(MAX + 1, MAX, null, "v2"));
    }

    @Test
    void zeroKeepsNothing() {
        assertEquals(new EngineCache.Step(false, false), EngineCache.step(1, 0, null, "v1"));
    }
}
