package io.sparkport.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\\u2028é\"", Json.string("a\"b\\c\n\t\u0001\u007f\u2028é"));
    }

    @Test
    void writesMessagesAndFiles() {
        assertEquals("{\"message\":\"no file 'x\\\"y'\"}", Json.message("no file 'x\"y'"));
        assertEquals("{\"path\":\"raw/a.csv\",\"size\":12,\"modified\":1733450000000}",
                Json.file(new StringBuilder(), "raw/a.csv", 12, 1_733_450_000_000L).toString());
    }

    @Test
    void writesAListing() {
        assertEquals("{\"files\":[]}", FileListing.json(java.util.List.of()));
        assertEquals("{\"files\":[{\"path\":\"a\",\"size\":1,\"modified\":2},{\"path\":\"b\",\"size\":3,\"modified\":4}]}",
                FileListing.json(java.util.List.of(new FileListing.Entry("a", 1, 2), new FileListing.Entry("b", 3, 4))));
    }
}
