package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolViewsTest {

    @Test
    void viewNameIsTheSanitizedBaseName() {
        assertEquals("HairEyeColor", PoolViews.viewName("HairEyeColor.csv"));
        assertEquals("sales_2024_q1", PoolViews.viewName("sales-2024 q1.parquet"));
        assertEquals("a_b", PoolViews.viewName("a.b.jsonl"));
    }

    @Test
    void mentionsMatchesWholeWordsCaseInsensitively() {
        assertTrue(PoolViews.mentions("select * from haireyecolor", "HairEyeColor"));
        assertTrue(PoolViews.mentions("FROM `HairEyeColor` JOIN x", "HairEyeColor"));
        assertFalse(PoolViews.mentions("FROM HairEyeColor2", "HairEyeColor"));
        assertFalse(PoolViews.mentions("FROM my_HairEyeColor", "HairEyeColor"));
    }

    @Test
    void registersOnlyReferencedFilesFirstInSortedOrderWins(@TempDir Path pool) throws IOException {
        for (String name : List.of("b-data.csv", "b_data.json", "other.parquet", "notes.txt", "used.jsonl")) {
            Files.writeString(pool.resolve(name), "x\n");
        }
        Files.createDirectory(pool.resolve("results"));
        Files.createDirectory(pool.resolve("dir.csv"));

        Map<String, Path> views = PoolViews.referencedFiles(pool, "SELECT * FROM b_data JOIN USED JOIN notes JOIN dir");

        assertEquals(List.of("b_data", "used"), List.copyOf(views.keySet()));
        assertEquals("b-data.csv", views.get("b_data").getFileName().toString());
    }

    @Test
    void viewFileFindsANameCaseInsensitivelyByTheSameRule(@TempDir Path pool) throws IOException {
        for (String name : List.of("b-data.csv", "b_data.json", "notes.txt")) {
            Files.writeString(pool.resolve(name), "x\n");
        }
        Files.createDirectory(pool.resolve("dir.csv"));

        assertEquals("b-data.csv", PoolViews.viewFile(pool, "B_DATA").getFileName().toString());
        assertNull(PoolViews.viewFile(pool, "notes"));
        assertNull(PoolViews.viewFile(pool, "dir"));
        assertNull(PoolViews.viewFile(pool, "b-data"));
    }

    @Test
    void aSessionDropsTheViewsOfChangedAndMissingFilesAndKeepsTheOthers() {
        Map<String, String> held = Map.of("Kept", "k|1|1", "Changed", "c|1|1", "Gone", "g|1|1", "Unused", "u|1|1",
                "UnusedChanged", "uc|1|1");
        Map<String, String> current = Map.of("New", "n|1|1", "Changed", "c|2|5", "Kept", "k|1|1", "Unused", "u|1|1",
                "UnusedChanged", "uc|3|9");
        java.util.Set<String> mentions = new java.util.LinkedHashSet<>(List.of("New", "Changed", "Kept"));

        PoolViews.Changes changes = PoolViews.changes(held, current, mentions);

        // an unchanged view the script does not mention stays: dropping it would drop the engine's cached copy
        assertEquals(java.util.Set.of("Changed", "Gone", "UnusedChanged"), java.util.Set.copyOf(changes.drop()));
        assertEquals(List.of("New", "Changed"), changes.create());
    }

    @Test
    void aNewSessionCreatesEveryMentionedView() {
        PoolViews.Changes changes = PoolViews.changes(Map.of(), Map.of("A", "a|1|1"), java.util.Set.of("A"));
        assertEquals(List.of(), changes.drop());
        assertEquals(List.of("A"), changes.create());
    }

    @Test
    void aFileRewrittenWithOtherContentIsAnotherVersion(@TempDir Path pool) throws IOException {
        Path file = pool.resolve("data.csv");
        Files.writeString(file, "a\n1\n");
        String first = PoolViews.version(file);
        Files.writeString(file, "a\n1\n2\n");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(1_000));
        assertNotEquals(first, PoolViews.version(file));
    }
}
