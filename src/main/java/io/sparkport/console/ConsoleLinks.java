package io.sparkport.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** Pure: the console's links that carry query parameters. */
final class ConsoleLinks {

    private ConsoleLinks() {
    }

    /** The jobs list with these filters (null: any), starting after the given job id (null: the first page). */
    static String jobs(String pool, String state, String schedule, String after) {
        StringJoiner q = new StringJoiner("&", "/jobs?", "").setEmptyValue("/jobs");
        add(q, "pool", pool);
        add(q, "state", state);
        add(q, "schedule", schedule);
        add(q, "after", after);
        return q.toString();
    }

    private static void add(StringJoiner q, String name, String value) {
        if (value != null && !value.isBlank()) {
            q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
