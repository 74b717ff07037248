package io.sparkport.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonPostTest {

    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            boolean refused = exchange.getRequestURI().getPath().endsWith("/ended");
            byte[] body = (refused ? "{\"detail\":\"job ended\"}" : "").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(refused ? 409 : 204, refused ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void postsTheJsonWithTheBearerToken() throws IOException {
        JsonPost.Answer answer = JsonPost.post(uri("/jobs/a/progress"), "tok", "{\"é\":1}", 2000);
        assertTrue(answer.ok());
        assertEquals(List.of("Bearer tok application/json {\"é\":1}"), seen);
    }

    @Test
    void aRefusalComesBackWithItsBody() throws IOException {
        JsonPost.Answer answer = JsonPost.post(uri("/jobs/a/ended"), "", "{}", 2000);
        assertFalse(answer.ok());
        assertEquals(409, answer.status());
        assertEquals("{\"detail\":\"job ended\"}", answer.body());
        assertEquals(List.of("null application/json {}"), seen);
    }
}
