package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway over TCP, without an engine: a hello with the token gets "ready", any other line is refused. */
class GatewayListenerTest {

    static int port;

    @BeforeAll
    static void listen() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        GatewayListener listener = new GatewayListener(new WarmSqlGateway(System.err), "s3cret");
        Thread t = new Thread(() -> {
            try {
                listener.listen(new InetSocketAddress("127.0.0.1", port));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.setDaemon(true);
        t.start();
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(20);
            }
        }
    }

    private static BufferedReader hello(Socket s, String line) throws Exception {
        PrintStream out = new PrintStream(s.getOutputStream(), true, StandardCharsets.UTF_8);
        out.println(line);
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    @Test
    void theTokenOpensTheConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            BufferedReader in = hello(s, "{\"op\":\"hello\",\"token\":\"s3cret\"}");
            assertEquals("{\"event\":\"ready\"}", in.readLine());
        }
    }

    @Test
    void aWrongOrMissingTokenIsRefusedAndTheConnectionClosed() throws Exception {
        for (String line : new String[] {"{\"op\":\"hello\",\"token\":\"s3cre\"}", "{\"op\":\"run\",\"token\":\"s3cret\"}",
                "{\"op\":\"hello\"}"}) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                BufferedReader in = hello(s, line);
                assertEquals("{\"event\":\"refused\",\"reason\":\"wrong or missing token\"}", in.readLine(), line);
                assertNull(in.readLine(), "closed after " + line);
            }
        }
    }

    @Test
    void aNewConnectionReplacesTheOld() throws Exception {
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
            BufferedReader one = hello(first, "{\"op\":\"hello\",\"token\":\"s3cret\"}");
            assertEquals("{\"event\":\"ready\"}", one.readLine());
            BufferedReader two = hello(second, "{\"op\":\"hello\",\"token\":\"s3cret\"}");
            assertEquals("{\"event\":\"ready\"}", two.readLine());
            assertNull(one.readLine(), "the first connection is closed");
        }
    }
}
