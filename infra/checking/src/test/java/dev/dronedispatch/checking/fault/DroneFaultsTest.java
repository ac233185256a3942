package dev.dronedispatch.checking.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The drone faults against a stand-in of the simulator's fault switch that knows drone-7 only. */
class DroneFaultsTest {

  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final FaultLog log = new FaultLog();
  private HttpServer server;
  private DroneFaultSwitch fleet;

  @BeforeEach
  void startSwitch() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/sim/drones/",
        exchange -> {
          requests.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          boolean known = exchange.getRequestURI().getPath().equals("/sim/drones/drone-7/fail");
          byte[] body =
              (known ? "{}" : "{\"title\":\"unknown drone\"}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(known ? 200 : 404, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    fleet = new DroneFaultSwitch("http://127.0.0.1:" + server.getAddress().getPort(), "t0ken");
  }

  @AfterEach
  void stopSwitch() {
    server.stop(0);
  }

  @Test
  void aDroneIsLostThenFoundThroughTheSwitchWithTheToken() throws Exception {
    new LoseDrone(LoseDrone.Mode.STRANDED).inject(fleet, "drone-7", log);
    new FindDrone().inject(fleet, "drone-7", log);

    assertThat(requests)
        .containsExactly(
            "POST /sim/drones/drone-7/fail?mode=stranded Bearer t0ken",
            "DELETE /sim/drones/drone-7/fail Bearer t0ken");
    assertThat(log.events())
        .extracting(FaultEvent::fault, FaultEvent::target, FaultEvent::detail)
        .containsExactly(
            tuple("lose-drone", "drone-7", "stranded"), tuple("find-drone", "drone-7", "cleared"));
  }

  @Test
  void aRefusalIsAFailureAndNothingIsLogged() {
    assertThatThrownBy(() -> new LoseDrone(LoseDrone.Mode.SILENT).inject(fleet, "drone-99", log))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("answered 404");
    assertThat(log.events()).isEmpty();
  }
}
