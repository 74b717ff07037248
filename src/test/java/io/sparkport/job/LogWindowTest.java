package io.sparkport.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Livy's paging of a log: from -1 is the last size lines, size -1 everything. */
class LogWindowTest {

    @Test
    void pagesAsLivyDoes() {
        assertEquals(new LogWindow(150, 250, 250), LogWindow.of(250, -1, 100));
        assertEquals(new LogWindow(0, 30, 30), LogWindow.of(30, -1, 100));
        assertEquals(new LogWindow(0, 100, 250), LogWindow.of(250, 0, 100));
        assertEquals(new LogWindow(200, 250, 250), LogWindow.of(250, 200, 100));
        assertEquals(new LogWindow(250, 250, 250), LogWindow.of(250, 400, 100));
        assertEquals(new LogWindow(10, 250, 250), LogWindow.of(250, 10, -1));
        assertEquals(new LogWindow(0, 250, 250), LogWindow.of(250, -1, -1));
        assertEquals(new LogWindow(0, 0, 0), LogWindow.of(0, 0, 100));
        assertEquals(0, LogWindow.of(5, 0, 0).size());
    }
}
