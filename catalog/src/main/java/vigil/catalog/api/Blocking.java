package vigil.catalog.api;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/** Runs catalog calls (JDBC) off the event loop. */
final class Blocking {

    private Blocking() {
    }

    static <T> Future<T> run(RoutingContext ctx, Callable<T> work) {
        return ctx.vertx().executeBlocking(work, false);
    }
}
