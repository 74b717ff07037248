package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway's protocol without an engine: it announces itself, survives bad lines, stops with stdin. */
class WarmSqlGatewayTest {

    @Test
    void announcesReadinessAndOutlivesBadCommands() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String in = "not json\n\n{\"op\":\"dance\",\"job\":\"j1\"}\n{\"op\":\"cancel\",\"job\":\"unknown\"}\n";
        new WarmSqlGateway(out).serve(new BufferedReader(new StringReader(in)));
        assertEquals(List.of("{\"event\":\"ready\"}"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void laterSlotsGetPoolNamesThatWinFairTies() {
        assertEquals("sparkport-9998", WarmSqlGateway.poolName(1));
        assertEquals("sparkport-9997", WarmSqlGateway.poolName(2));
        assertEquals(-1, Integer.signum(WarmSqlGateway.poolName(2).compareTo(WarmSqlGateway.poolName(1))));
    }

    @Test
    void eachJobHasItsOwnTag() {
        assertEquals("sparkport-job-abc", WarmSqlGateway.tag("abc"));
    }

    @Test
    void theEnginesSecretGoesAsAuthorizationMetadataNotAsAToken() {
        assertEquals("sc://10.0.0.5:15002/;authorization=Bearer%20s3cr-et_", WarmSqlGateway.authorized("sc://10.0.0.5:15002", "s3cr-et_"));
        assertEquals("sc://h:1/;x=y;authorization=Bearer%20t", WarmSqlGateway.authorized("sc://h:1/;x=y", "t"));
        assertEquals("sc://h:1", WarmSqlGateway.authorized("sc://h:1", null), "an engine without a secret");
    }
}
