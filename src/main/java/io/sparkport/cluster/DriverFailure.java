package io.sparkport.cluster;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pure: the one-line reason a driver failed, read from the end of its output. */
public final class DriverFailure {

    private static final Pattern MAIN_EXCEPTION = Pattern.compile("Exception in thread \"main\" (.+)");
    private static final Pattern SUBMIT_ERROR = Pattern.compile("^Error: (.+)");
    private static final Pattern SQL_RUNNER_ERROR = Pattern.compile("SqlRunner failed: (.+)");
    private static final int MAX_LENGTH = 1000;

    private DriverFailure() {
    }

    public static String reason(List<String> lastLines, int exitCode) {
        for (Pattern p : List.of(SQL_RUNNER_ERROR, MAIN_EXCEPTION, SUBMIT_ERROR)) {
            for (String line : lastLines) {
                Matcher m = p.matcher(line);
                if (m.find()) {
                    return shorten(m.group(1).trim());
                }
            }
        }
        return "driver exited with code " + exitCode + "; see the job's log";
    }

    private static String shorten(String s) {
        return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 1) + "…";
    }
}
