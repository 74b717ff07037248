package io.sparkport.connect;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Relays one gRPC call between a client of the frontend ({@code server}, the call it received) and the engine
 * ({@code engine}, the call it made), messages as raw bytes both ways, headers and trailers included. Each side
 * asks the other for its next message only when it can send it on (the other side is ready), so a slow reader
 * slows the writer instead of filling memory.
 */
final class CallRelay {

    private final ServerCall<byte[], byte[]> server;
    private final ClientCall<byte[], byte[]> engine;
    private final Function<byte[], Status> firstMessage;
    private final BiConsumer<Status, Boolean> onClose;
    final Requests requests = new Requests();
    final Responses responses = new Responses();

    /**
     * @param firstMessage sees the call's first request before it goes on: a status refuses the call
     * @param onClose      learns how the call ended, and whether its first message went to the engine
     */
    CallRelay(ServerCall<byte[], byte[]> server, ClientCall<byte[], byte[]> engine, Function<byte[], Status> firstMessage,
              BiConsumer<Status, Boolean> onClose) {
        this.server = server;
        this.engine = engine;
        this.firstMessage = firstMessage;
        this.onClose = onClose;
    }

    void start(Metadata headers) {
        engine.start(responses, headers);
        server.request(1);
        engine.request(1);
    }

    /** From the client of the frontend towards the engine. */
    final class Requests extends ServerCall.Listener<byte[]> {
        private boolean needsRequest;
        private boolean first = true;
        private volatile boolean sent;
        private volatile boolean refused;

        @Override
        public void onMessage(byte[] message) {
            if (first) {
                first = false;
                Status refusal = firstMessage.apply(message);
                if (refusal != null) {
                    refused = true;
                    engine.cancel("refused by the Sparkport frontend", null);
                    server.close(refusal, new Metadata());
                    return;
                }
                sent = true;
            }
            engine.sendMessage(message);
            synchronized (this) {
                if (engine.isReady()) {
                    server.request(1);
                } else {
                    needsRequest = true;
                }
            }
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                engine.halfClose();
            }
        }

        @Override
        public void onCancel() {
            engine.cancel("the client cancelled the call", null);
        }

        @Override
        public void onReady() {
            responses.serverReady();
        }

        synchronized void engineReady() {
            if (needsRequest) {
                server.request(1);
                needsRequest = false;
            }
        }
    }

    /** From the engine back to the client of the frontend. */
    final class Responses extends ClientCall.Listener<byte[]> {
        private boolean needsRequest;

        @Override
        public void onHeaders(Metadata headers) {
            server.sendHeaders(headers);
        }

        @Override
        public void onMessage(byte[] message) {
            server.sendMessage(message);
            synchronized (this) {
                if (server.isReady()) {
                    engine.request(1);
                } else {
                    needsRequest = true;
                }
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            if (!requests.refused) {
                try {
                    server.close(status, trailers);
                } catch (IllegalStateException e) {
                    // the client went away first: the call is already closed
                }
            }
            onClose.accept(status, requests.sent);
        }

        @Override
        public void onReady() {
            requests.engineReady();
        }

        synchronized void serverReady() {
            if (needsRequest) {
                engine.request(1);
                needsRequest = false;
            }
        }
    }
}
