package io.sparkport.connect;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and mistaken calls to the Connect port, answered by the frontend itself (no engine, no Spark): each
 * gets its gRPC status and a sentence, and the port keeps serving. Authentication is off here (the test
 * profile); the e2e tests cover tokens with the stock client.
 */
@QuarkusTest
class ConnectFrontendTest {

    static final MethodDescriptor.Marshaller<byte[]> RAW = ConnectRelay.RawBytes.INSTANCE;

    int port;
    ManagedChannel channel;

    @BeforeEach
    void connect() {
        String url = given().get("/api/v1/pools/default").then().statusCode(200).extract().path("sparkConnectUrl");
        port = Integer.parseInt(url.substring("sc://localhost:".length(), url.indexOf('/', "sc://".length())));
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    Status call(String method, String pool, byte[] message) {
        Metadata headers = new Metadata();
        if (pool != null) {
            headers.put(Metadata.Key.of("x-sparkport-pool", Metadata.ASCII_STRING_MARSHALLER), pool);
        }
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.newBuilder(RAW, RAW).setFullMethodName(method)
                .setType(MethodDescriptor.MethodType.UNARY).build();
        CompletableFuture<Status> closed = new CompletableFuture<>();
        ClientCall<byte[], byte[]> c = channel.newCall(descriptor, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
        c.start(new ClientCall.Listener<>() {
            @Override
            public void onClose(Status status, Metadata trailers) {
                closed.complete(status);
            }
        }, headers);
        c.request(1);
        c.sendMessage(message);
        c.halfClose();
        try {
            return closed.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no answer from the Connect port", e);
        }
    }

    @Test
    void theUrlNamesLocalhostAndThePool() {
        given().get("/api/v1/pools/default").then().statusCode(200)
                .body("sparkConnectUrl", org.hamcrest.Matchers.matchesRegex("sc://localhost:[0-9]+/;x-sparkport-pool=default"));
    }

    @Test
    void callsTheFrontendCannotServeAreRefusedWithTheirCodes() {
        Status other = call("grpc.health.v1.Health/Check", "default", new byte[0]);
        assertEquals(Status.Code.UNIMPLEMENTED, other.getCode());
        assertEquals("this port serves Spark Connect only, not grpc.health.v1.Health/Check", other.getDescription());

        Status noPool = call("spark.connect.SparkConnectService/Config", null, new byte[0]);
        assertEquals(Status.Code.INVALID_ARGUMENT, noPool.getCode());
        assertTrue(noPool.getDescription().contains(";x-sparkport-pool=<pool>"), noPool.getDescription());

        Status badName = call("spark.connect.SparkConnectService/Config", "../etc", new byte[0]);
        assertEquals(Status.Code.INVALID_ARGUMENT, badName.getCode());
        assertTrue(badName.getDescription().contains("lower case letters"), badName.getDescription());

        Status unknown = call("spark.connect.SparkConnectService/ExecutePlan", "no-such-pool", "garbage".getBytes());
        assertEquals(Status.Code.NOT_FOUND, unknown.getCode());
        assertEquals("pool 'no-such-pool' does not exist", unknown.getDescription());

        given().get("/api/v1/pools/no-such-pool").then().statusCode(404); // nothing was made of it
    }

    @Test
    void bytesThatAreNotHttp2LeaveThePortServing() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read(new byte[256]); // whatever it says, then it closes
        } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
            // closed or silent: both fine
        }
        assertEquals(Status.Code.NOT_FOUND, call("spark.connect.SparkConnectService/Config", "gone", new byte[0]).getCode());
    }
}
