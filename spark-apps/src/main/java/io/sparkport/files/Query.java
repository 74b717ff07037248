package io.sparkport.files;

/** A parameter of a raw query string, percent-decoded once ('+' is a plus, as in a path). */
final class Query {

    private Query() {
    }

    /** The first value of the parameter, or null when the query has none. */
    static String parameter(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (FilePath.decode(key).equals(name)) {
                return eq < 0 ? "" : FilePath.decode(pair.substring(eq + 1));
            }
        }
        return null;
    }
}
