package dev.dronedispatch.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NginxConfigTest {

  private static final Path DIR = Path.of("/run/dd/nginx");
  private static final List<String> UPSTREAMS =
      List.of("server 127.0.0.1:8090;", "server 127.0.0.1:8100;");

  private static String composeConfig() throws Exception {
    return Files.readString(Path.of("..", "..").resolve(NginxConfig.SOURCE));
  }

  @Test
  void theComposeConfigurationIsRenderedForLoopbackWithTheGivenGateways() throws Exception {
    String conf = NginxConfig.render(composeConfig(), DIR, 18080, UPSTREAMS);
    assertThat(conf)
        .contains("listen 127.0.0.1:18080;")
        .contains("pid /run/dd/nginx/nginx.pid;")
        .contains("access_log /run/dd/nginx/access.log timed;")
        .contains("client_body_temp_path /run/dd/nginx/body;")
        .contains("        server 127.0.0.1:8090;\n        server 127.0.0.1:8100;\n")
        .doesNotContain("gateway-1:8000", "/var/log/nginx", "listen 8080;");
    // everything else is the file compose mounts: the balancing and retry rules stay the same
    assertThat(conf).contains("proxy_next_upstream error timeout non_idempotent;");
  }

  @Test
  void aConfigurationThatDriftedFromWhatTheRenderingExpectsIsRefused() throws Exception {
    String drifted = composeConfig().replace("listen 8080;", "listen 9999;");
    assertThatThrownBy(() -> NginxConfig.render(drifted, DIR, 18080, UPSTREAMS))
        .hasMessageContaining("listen 8080;");
  }
}
