package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsOnSemicolonsAndSkipsBlankStatements() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), SqlScript.split(" SELECT 1;\n;  ;SELECT 2;\n"));
    }

    @Test
    void keepsTheLastStatementWithoutSemicolon() {
        assertEquals(List.of("CREATE TEMP VIEW v AS SELECT 1", "SELECT * FROM v"),
                SqlScript.split("CREATE TEMP VIEW v AS SELECT 1;\nSELECT * FROM v"));
    }

    @Test
    void ignoresSemicolonsInQuotes() {
        String sql = "SELECT 'a;b', \"c;d\", `e;f` FROM t; SELECT 'it''s;', 'x\\';y'";
        assertEquals(List.of("SELECT 'a;b', \"c;d\", `e;f` FROM t", "SELECT 'it''s;', 'x\\';y'"),
                SqlScript.split(sql));
    }

    @Test
    void ignoresSemicolonsInComments() {
        String sql = "SELECT 1 -- one; two\n; /* a; /* nested; */ b; */ SELECT 2";
        assertEquals(List.of("SELECT 1 -- one; two", "/* a; /* nested; */ b; */ SELECT 2"),
                SqlScript.split(sql));
    }

    @Test
    void dropsStatementsThatAreOnlyComments() {
        assertEquals(List.of("SELECT 1"), SqlScript.split("-- header; comment\n/* ; */ ;\nSELECT 1;\n-- trailer"));
    }

    @Test
    void commentMarkersInsideStringsAreText() {
        assertEquals(List.of("SELECT '--;', '/*;'", "SELECT 2"), SqlScript.split("SELECT '--;', '/*;'; SELECT 2"));
    }

    @Test
    void emptyScriptHasNoStatements() {
        assertEquals(List.of(), SqlScript.split(""));
        assertEquals(List.of(), SqlScript.split(null));
        assertEquals(List.of(), SqlScript.split(" ;\n -- nothing"));
    }

    @Test
    void plainQueriesAreQueries() {
        assertTrue(SqlScript.isQuery("SELECT 1"));
        assertTrue(SqlScript.isQuery("select Hair from HairEyeColor"));
        assertTrue(SqlScript.isQuery("-- totals\n/* by hair */ (SELECT 1) UNION (SELECT 2)"));
        assertTrue(SqlScript.isQuery("VALUES (1), (2)"));
        assertTrue(SqlScript.isQuery("TABLE HairEyeColor"));
    }

    @Test
    void anythingThatMayChangeTheSessionIsNot() {
        assertFalse(SqlScript.isQuery("CREATE TEMPORARY VIEW v AS SELECT 1"));
        assertFalse(SqlScript.isQuery("SET spark.sql.shuffle.partitions=4"));
        assertFalse(SqlScript.isQuery("WITH t AS (SELECT 1) INSERT INTO x SELECT * FROM t"));
        assertFalse(SqlScript.isQuery("FROM t INSERT INTO x SELECT *"));
        assertFalse(SqlScript.isQuery("USE other"));
        assertFalse(SqlScript.isQuery("DECLARE VARIABLE v INT DEFAULT 1"));
        assertFalse(SqlScript.isQuery("SELECTED"));
        assertFalse(SqlScript.isQuery("-- only a comment"));
    }
}
