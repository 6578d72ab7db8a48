package vigil.catalog.api;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An OutputStream a worker writes to, feeding an HTTP response on its event loop with backpressure: a write
 * waits while the client is not keeping up, and fails when it has gone or stalls past {@link #STALL_SECONDS}.
 * Owned by the one worker that writes; {@link #close()} ends the response.
 */
final class ResponseOutputStream extends OutputStream {

    static final long STALL_SECONDS = 60;

    private final Context context;
    private final HttpServerResponse response;
    private volatile boolean gone;

    ResponseOutputStream(Context context, HttpServerResponse response) {
        this.context = context;
        this.response = response;
        response.closeHandler(v -> gone = true);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) return;
        if (gone) throw new IOException("client went away");
        Buffer chunk = Buffer.buffer(len).appendBytes(b, off, len);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (gone || response.closed()) {
                ready.completeExceptionally(new IOException("client went away"));
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                response.drainHandler(d -> ready.complete(null));
                response.closeHandler(c -> {
                    gone = true;
                    ready.completeExceptionally(new IOException("client went away"));
                });
            } else {
                ready.complete(null);
            }
        });
        try {
            ready.get(STALL_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            gone = true;
            context.runOnContext(v -> response.reset());
            throw new IOException("client read nothing for " + STALL_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw new IOException("client went away", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) response.end();
        });
    }

    /** Ends the response abruptly: the client sees a broken transfer, not a complete file. */
    void abort() {
        gone = true;
        context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) response.reset();
        });
    }
}
