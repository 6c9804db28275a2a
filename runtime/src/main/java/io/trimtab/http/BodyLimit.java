package io.trimtab.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Bounds request bodies. A body declared larger than the limit is refused from its {@code Content-Length} alone, before
 * a byte of it is read and before {@code 100 Continue} is sent (one up to {@link #DRAINED_FACTOR} times the limit and
 * sent without waiting for {@code 100 Continue} is dropped after the refusal, so that the client can read it). Any
 * other body is read in full, without a thread waiting on it, before the servlet runs ({@link EagerContentHandler}); a
 * chunked body that outgrows the limit is refused with 413. So a client that sends its body slowly or never holds a
 * connection, not a thread.
 */
final class BodyLimit extends Handler.Wrapper {

    /** A body declared up to this many times the limit is read and dropped after the refusal; a larger one is not. */
    static final int DRAINED_FACTOR = 4;

    private final long maxBytes;

    BodyLimit(long maxBytes, Handler next) {
        super(new EagerContentHandler(next, new EagerContentHandler.RetainedContentLoaderFactory(maxBytes + 1, 0, true)));
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String declared = request.getHeaders().get(HttpHeader.CONTENT_LENGTH);
        long length = declared == null ? -1 : parseLength(declared);
        if (length > maxBytes) {
            String message = "Request body of " + abbreviate(declared.trim()) + " bytes exceeds the limit of " + maxBytes + " bytes";
            if (length > DRAINED_FACTOR * maxBytes || request.getHeaders().contains(HttpHeader.EXPECT)) {
                return Refusals.refuse(response, callback, 413, message);
            }
            // A client that sends its body unasked would see its connection reset before it reads the refusal: after
            // the refusal has gone out, what it sends is read and dropped, without a thread waiting on it.
            return Refusals.refuse(response, Callback.from(() -> Content.Source.consumeAll(request, callback), callback::failed),
                    413, message);
        }
        return super.handle(request, response, callback);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 20) + "..." : value;
    }
}
