package io.trimtab.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Refuses, with 403 and before anything else sees it, a request whose Host is not one of {@link AllowedHosts}. */
final class HostCheck extends Handler.Wrapper {

    private final AllowedHosts allowed;

    HostCheck(AllowedHosts allowed, Handler next) {
        super(next);
        this.allowed = allowed;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (!allowed.allows(host)) {
            return Refusals.refuse(response, callback, 403, "Host " + abbreviate(host)
                    + " is not a name of this agent (allowed: " + allowed + "; add names with jolokia.allowedHosts)");
        }
        return super.handle(request, response, callback);
    }

    private static String abbreviate(String host) {
        return host.length() > 80 ? host.substring(0, 80) + "..." : host;
    }
}
