package io.trimtab.internal;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * The HTTP server Jolokia is given: every context Jolokia creates on it gets the guard filter in front of
 * its handler. Jolokia creates two, {@code /jolokia} and {@code /jolokia/config}, and leaves the second
 * without authentication although it executes any request POSTed to it; the guard covers both alike.
 */
final class GuardedHttpServer extends HttpServer {

    private final HttpServer delegate;
    private final Filter guard;

    GuardedHttpServer(HttpServer delegate, Filter guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        return guarded(delegate.createContext(path, handler));
    }

    @Override
    public HttpContext createContext(String path) {
        return guarded(delegate.createContext(path));
    }

    private HttpContext guarded(HttpContext context) {
        context.getFilters().add(guard);
        return context;
    }

    @Override
    public void bind(InetSocketAddress address, int backlog) throws IOException {
        delegate.bind(address, backlog);
    }

    @Override
    public void start() {
        delegate.start();
    }

    @Override
    public void setExecutor(Executor executor) {
        delegate.setExecutor(executor);
    }

    @Override
    public Executor getExecutor() {
        return delegate.getExecutor();
    }

    @Override
    public void stop(int delay) {
        delegate.stop(delay);
    }

    @Override
    public void removeContext(String path) {
        delegate.removeContext(path);
    }

    @Override
    public void removeContext(HttpContext context) {
        delegate.removeContext(context);
    }

    @Override
    public InetSocketAddress getAddress() {
        return delegate.getAddress();
    }
}
