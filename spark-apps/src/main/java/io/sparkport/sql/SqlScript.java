package io.sparkport.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL script into statements on {@code ;}, ignoring semicolons inside
 * single-quoted, double-quoted and back-quoted text, {@code --} line comments and
 * (nested) {@code /* *&#47;} block comments. Statements that hold nothing but whitespace
 * and comments are dropped. Statement text is kept as written (comments included), trimmed.
 */
public final class SqlScript {

    private enum State { CODE, SINGLE, DOUBLE, BACKTICK, LINE_COMMENT, BLOCK_COMMENT }

    private final String sql;
    private final List<String> statements = new ArrayList<>();
    private State state = State.CODE;
    private int blockDepth;
    private int start;
    private boolean hasCode;

    private SqlScript(String sql) {
        this.sql = sql;
    }

    /** The non-blank statements of {@code sql}, in order. */
    public static List<String> split(String sql) {
        SqlScript script = new SqlScript(sql == null ? "" : sql);
        script.scan();
        return List.copyOf(script.statements);
    }

    /**
     * Whether a statement (as {@link #split} returns it) is a plain query that can change no state of its
     * session: its first word, after comments and opening parentheses, is SELECT, VALUES or TABLE. (WITH and
     * FROM can lead into an INSERT, so they do not count.)
     */
    public static boolean isQuery(String statement) {
        int i = 0;
        while (i < statement.length()) {
            char c = statement.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (statement.startsWith("--", i)) {
                int end = statement.indexOf('\n', i);
                i = end < 0 ? statement.length() : end + 1;
            } else if (statement.startsWith("/*", i)) {
                int end = statement.indexOf("*/", i + 2); // nesting aside: a nested comment ends the check early
                i = end < 0 ? statement.length() : end + 2;
            } else {
                break;
            }
        }
        int end = i;
        while (end < statement.length() && Character.isLetter(statement.charAt(end))) {
            end++;
        }
        String word = statement.substring(i, end).toUpperCase(java.util.Locale.ROOT);
        return word.equals("SELECT") || word.equals("VALUES") || word.equals("TABLE");
    }

    private void scan() {
        int i = 0;
        while (i < sql.length()) {
            i = step(i);
        }
        endStatement(sql.length());
    }

    /** Consumes the character(s) at {@code i}; returns the next index. */
    private int step(int i) {
        char c = sql.charAt(i);
        char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
        switch (state) {
            case CODE:
                return code(i, c, next);
            case SINGLE:
                return quoted(i, c, '\'');
            case DOUBLE:
                return quoted(i, c, '"');
            case BACKTICK:
                return quoted(i, c, '`');
            case LINE_COMMENT:
                if (c == '\n') {
                    state = State.CODE;
                }
                return i + 1;
            default:
                return blockComment(i, c, next);
        }
    }

    private int code(int i, char c, char next) {
        if (c == '-' && next == '-') {
            state = State.LINE_COMMENT;
            return i + 2;
        }
        if (c == '/' && next == '*') {
            state = State.BLOCK_COMMENT;
            blockDepth = 1;
            return i + 2;
        }
        if (c == ';') {
            endStatement(i);
            start = i + 1;
            return i + 1;
        }
        if (c == '\'') {
            state = State.SINGLE;
        } else if (c == '"') {
            state = State.DOUBLE;
        } else if (c == '`') {
            state = State.BACKTICK;
        }
        if (!Character.isWhitespace(c)) {
            hasCode = true;
        }
        return i + 1;
    }

    private int quoted(int i, char c, char quote) {
        if (c == '\\' && quote != '`') {
            return i + 2; // backslash escape in string literals
        }
        if (c == quote) {
            state = State.CODE; // a doubled quote re-enters the literal at once
        }
        return i + 1;
    }

    private int blockComment(int i, char c, char next) {
        if (c == '/' && next == '*') {
            blockDepth++;
            return i + 2;
        }
        if (c == '*' && next == '/') {
            if (--blockDepth == 0) {
                state = State.CODE;
            }
            return i + 2;
        }
        return i + 1;
    }

    private void endStatement(int end) {
        if (hasCode) {
            statements.add(sql.substring(start, Math.min(end, sql.length())).trim());
        }
        hasCode = false;
    }
}
