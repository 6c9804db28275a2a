package io.trimtab.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Bounds request bodies. A body declared larger than the limit is refused from its {@code Content-Length} alone, before
 * a byte of it is read and before {@code 100 Continue} is sent. Any other body is read in full, without a thread
 * waiting on it, before the servlet runs ({@link EagerContentHandler}); a chunked body that outgrows the limit is
 * refused with 413. So a client that sends its body slowly or never holds a connection, not a thread.
 */
final class BodyLimit extends Handler.Wrapper {

    private final long maxBytes;

    BodyLimit(long maxBytes, Handler next) {
        super(new EagerContentHandler(next, new EagerContentHandler.RetainedContentLoaderFactory(maxBytes + 1, 0, true)));
        this.maxBytes = maxBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String declared = request.getHeaders().get(HttpHeader.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > maxBytes) {
            return Refusals.refuse(response, callback, 413, "Request body of " + abbreviate(declared.trim())
                    + " bytes exceeds the limit of " + maxBytes + " bytes");
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
