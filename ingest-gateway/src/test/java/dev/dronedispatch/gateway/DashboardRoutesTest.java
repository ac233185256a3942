package dev.dronedispatch.gateway;

import dev.dronedispatch.gateway.web.DashboardRoutes;
import dev.dronedispatch.gateway.web.ProblemErrorHandler;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.HandlerStrategies;

/** GL4 at the routing level: / and /dashboard answer the dashboard page, or a 404 problem. */
class DashboardRoutesTest {

  private static WebTestClient client(org.springframework.core.io.Resource index) {
    return WebTestClient.bindToRouterFunction(DashboardRoutes.routes(index))
        .handlerStrategies(
            HandlerStrategies.builder().exceptionHandler(new ProblemErrorHandler()).build())
        .build();
  }

  @Test
  void servesTheIndexAtRootAndDashboard() {
    byte[] page = "<!doctype html><title>DroneDispatch</title>".getBytes(StandardCharsets.UTF_8);
    WebTestClient c = client(new ByteArrayResource(page));
    for (String path : new String[] {"/", "/dashboard"}) {
      c.get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.TEXT_HTML)
          .expectBody()
          .consumeWith(
              r -> org.assertj.core.api.Assertions.assertThat(r.getResponseBody()).isEqualTo(page));
    }
  }

  @Test
  void withoutThePageItIsA404Problem() {
    client(new ClassPathResource("no/such/index.html"))
        .get()
        .uri("/dashboard")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(404);
  }
}
