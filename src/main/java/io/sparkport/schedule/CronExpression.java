package io.sparkport.schedule;

import io.sparkport.SparkportException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * Pure: a standard 5-field Unix cron expression ({@code minute hour day-of-month month day-of-week}), as
 * Kubernetes CronJobs take it, plus the {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}
 * macros. Fields take {@code *}, {@code ?}, numbers, names ({@code JAN}, {@code MON}), ranges, lists and
 * steps ({@code 1-5}, {@code MON,WED}, {@code *}{@code /15}, {@code 10/20}); Sunday is 0 or 7. When both
 * day fields are restricted a day matches either of them, as in every Unix cron.
 *
 * <p>This class knows wall-clock (local) times only; {@link CronSchedule} turns them into instants.
 */
public final class CronExpression {

    /** Any expression that matches at all matches within this many years (29 February needs 8). */
    static final int SEARCH_YEARS = 9;

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
            Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
    private static final Map<String, Integer> DAYS = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4,
            "FRI", 5, "SAT", 6);

    private final String text;
    private final CronField minutes;
    private final CronField hours;
    private final CronField daysOfMonth;
    private final CronField months;
    private final CronField daysOfWeek;

    private CronExpression(String text, CronField[] fields) {
        this.text = text;
        this.minutes = fields[0];
        this.hours = fields[1];
        this.daysOfMonth = fields[2];
        this.months = fields[3];
        this.daysOfWeek = fields[4];
    }

    /** Parses the expression, or fails with a 422 that says what is wrong with it. */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw SparkportException.invalid("cron is required, e.g. \"0 3 * * *\" or \"@daily\"");
        }
        String trimmed = text.trim();
        String[] parts = expand(trimmed).split("\\s+");
        if (parts.length != 5) {
            throw invalid(trimmed, "expected 5 fields (minute hour day-of-month month day-of-week) or a macro"
                    + " such as @daily, got " + parts.length + " fields");
        }
        CronField[] fields;
        try {
            fields = new CronField[] {
                CronField.parse("minute", parts[0], 0, 59, Map.of()),
                CronField.parse("hour", parts[1], 0, 23, Map.of()),
                CronField.parse("day-of-month", parts[2], 1, 31, Map.of()),
                CronField.parse("month", parts[3], 1, 12, MONTHS),
                CronField.parse("day-of-week", parts[4], 0, 7, DAYS).sundayAsZero(),
            };
        } catch (IllegalArgumentException e) {
            throw invalid(trimmed, e.getMessage());
        }
        CronExpression cron = new CronExpression(trimmed, fields);
        if (cron.firstAtOrAfter(LocalDateTime.of(2000, 1, 1, 0, 0)) == null) {
            throw invalid(trimmed, "it never fires (no such day)");
        }
        return cron;
    }

    private static String expand(String text) {
        if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
            throw invalid(text, "put the time zone in the timeZone field, not in the expression");
        }
        if (!text.startsWith("@")) {
            return text;
        }
        String macro = MACROS.get(text.toLowerCase(Locale.ROOT));
        if (macro == null) {
            throw invalid(text, "unknown macro; use one of @yearly, @annually, @monthly, @weekly, @daily,"
                    + " @midnight, @hourly");
        }
        return macro;
    }

    private static SparkportException invalid(String text, String reason) {
        return SparkportException.invalid("cron '" + text + "' is invalid: " + reason);
    }

    public String text() {
        return text;
    }

    /**
     * Whether the expression names a time of day: no {@code *} in its minute or hour field. Such jobs get
     * the classic Unix cron treatment at daylight-saving changes (see {@link CronSchedule}).
     */
    public boolean fixedTime() {
        return !minutes.hasStar() && !hours.hasStar();
    }

    public boolean matches(LocalDate date) {
        if (!months.has(date.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.has(date.getDayOfMonth());
        boolean dow = daysOfWeek.has(date.getDayOfWeek().getValue() % 7);
        return daysOfMonth.unrestricted() || daysOfWeek.unrestricted() ? dom && dow : dom || dow;
    }

    /** The first matching wall-clock minute at or after {@code from} (rounded up to a minute), or null if none. */
    public LocalDateTime firstAtOrAfter(LocalDateTime from) {
        LocalDateTime start = from.getSecond() == 0 && from.getNano() == 0
                ? from : from.withSecond(0).withNano(0).plusMinutes(1);
        LocalDate date = start.toLocalDate();
        LocalDate limit = date.plusYears(SEARCH_YEARS);
        LocalTime after = start.toLocalTime();
        while (!date.isAfter(limit)) {
            if (!months.has(date.getMonthValue())) {
                date = date.withDayOfMonth(1).plusMonths(1);
                after = LocalTime.MIDNIGHT;
                continue;
            }
            if (matches(date)) {
                LocalTime time = firstTimeAtOrAfter(after);
                if (time != null) {
                    return date.atTime(time);
                }
            }
            date = date.plusDays(1);
            after = LocalTime.MIDNIGHT;
        }
        return null;
    }

    private LocalTime firstTimeAtOrAfter(LocalTime from) {
        for (int h = hours.next(from.getHour()); h >= 0; h = hours.next(h + 1)) {
            int m = minutes.next(h == from.getHour() ? from.getMinute() : 0);
            if (m >= 0) {
                return LocalTime.of(h, m);
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }

    /** One field: the values it allows, and whether it was written with a star. */
    record CronField(BitSet values, int max, boolean hasStar, boolean unrestricted) {

        static CronField parse(String name, String text, int min, int max, Map<String, Integer> names) {
            BitSet values = new BitSet(max + 1);
            boolean unrestricted = false;
            for (String part : text.split(",", -1)) {
                unrestricted |= parsePart(name, part, min, max, names, values);
            }
            return new CronField(values, max, text.contains("*"), unrestricted);
        }

        /** Adds the part's values; returns whether it is a plain star (every value). */
        private static boolean parsePart(String name, String part, int min, int max, Map<String, Integer> names,
                                         BitSet values) {
            String[] rangeAndStep = part.split("/", -1);
            if (part.isEmpty() || rangeAndStep.length > 2 || rangeAndStep[0].isEmpty()) {
                throw new IllegalArgumentException(name + " field has an empty or malformed part '" + part + "'");
            }
            String range = rangeAndStep[0];
            int step = rangeAndStep.length == 2 ? step(name, rangeAndStep[1]) : 1;
            boolean star = range.equals("*") || range.equals("?");
            int lo;
            int hi;
            if (star) {
                lo = min;
                hi = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", -1);
                if (ends.length != 2) {
                    throw new IllegalArgumentException(name + " range '" + range + "' is malformed");
                }
                lo = value(name, ends[0], min, max, names);
                hi = value(name, ends[1], min, max, names);
                if (lo > hi) {
                    throw new IllegalArgumentException(name + " range '" + range + "' goes backwards");
                }
            } else {
                lo = value(name, range, min, max, names);
                hi = rangeAndStep.length == 2 ? max : lo;
            }
            for (int v = lo; v <= hi; v += step) {
                values.set(v);
            }
            return star && step == 1;
        }

        private static int step(String name, String text) {
            if (!text.matches("\\d{1,3}") || Integer.parseInt(text) == 0) {
                throw new IllegalArgumentException(name + " step '" + text + "' must be a positive number");
            }
            return Integer.parseInt(text);
        }

        private static int value(String name, String text, int min, int max, Map<String, Integer> names) {
            Integer named = names.get(text.toUpperCase(Locale.ROOT));
            if (named != null) {
                return named;
            }
            if (!text.matches("\\d{1,3}")) {
                throw new IllegalArgumentException(name + " value '" + text + "' is not a number"
                        + (names.isEmpty() ? "" : " or a name like " + names.keySet().stream().sorted().findFirst().get()));
            }
            int v = Integer.parseInt(text);
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " value " + v + " is out of range " + min + "-" + max);
            }
            return v;
        }

        /** Day of week: 7 is Sunday as well as 0. */
        CronField sundayAsZero() {
            BitSet folded = (BitSet) values.clone();
            if (folded.get(7)) {
                folded.set(0);
                folded.clear(7);
            }
            return new CronField(folded, 6, hasStar, unrestricted);
        }

        boolean has(int value) {
            return values.get(value);
        }

        /** The smallest allowed value at or above {@code from}, or -1. */
        int next(int from) {
            int v = values.nextSetBit(from);
            return v > max ? -1 : v;
        }
    }
}
