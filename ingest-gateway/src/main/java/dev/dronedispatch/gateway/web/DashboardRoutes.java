package dev.dronedispatch.gateway.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /} and {@code GET /dashboard} answer the dashboard's {@code index.html} (packaged by
 * dashboard-ui under {@code META-INF/resources/}); its other files are served as static resources.
 * Without the page: a 404 problem.
 */
public final class DashboardRoutes {

  private DashboardRoutes() {}

  public static RouterFunction<ServerResponse> routes(Resource index) {
    return RouterFunctions.route(
        GET("/").or(GET("/dashboard")).or(GET("/dashboard/")),
        request ->
            index.exists()
                ? ServerResponse.ok()
                    .contentType(MediaType.TEXT_HTML)
                    .header("Cache-Control", "no-cache")
                    .bodyValue(index)
                : Mono.error(ApiProblem.notFound("dashboard page")));
  }
}
