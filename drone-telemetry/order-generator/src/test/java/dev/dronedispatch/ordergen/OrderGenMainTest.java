package dev.dronedispatch.ordergen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dronedispatch.ordergen.run.OrderGenSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OrderGenMainTest {

  @Test
  void constantRateOptionsBecomeSettings() {
    OrderGenMain main = new OrderGenMain();
    new CommandLine(main)
        .parseArgs(
            "--url",
            "http://gw:8080",
            "--rate",
            "250",
            "--duration",
            "30",
            "--concurrency",
            "16",
            "--seed",
            "3",
            "--kafka-bootstrap",
            "k:9092");

    OrderGenSettings s = main.settings();

    assertThat(s.rate()).contains(250.0);
    assertThat(s.duration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.concurrency()).isEqualTo(16);
    assertThat(s.gatewayUrl()).isEqualTo("http://gw:8080");
    assertThat(s.kafkaBootstrap()).contains("k:9092");
    assertThat(s.mode()).isEqualTo("constant 250.0/s");
  }

  @Test
  void withoutRateTheOriginalsBurstyCycleAndDefaultsApply() {
    OrderGenMain main = new OrderGenMain();
    new CommandLine(main).parseArgs("--kafka-bootstrap", "");

    OrderGenSettings s = main.settings();

    assertThat(s.rate()).isEmpty();
    assertThat(s.cycle())
        .extracting(p -> p.name() + "@" + p.ratePerSecond() + "x" + p.seconds())
        .containsExactly("LOW1@0.5x30.0", "PEAK@2.0x10.0", "LOW2@0.5x20.0", "SILENT@0.0x60.0");
    assertThat(s.weightMin()).isEqualTo(0.2);
    assertThat(s.weightMax()).isEqualTo(10.0);
    assertThat(s.total()).isZero();
    assertThat(s.kafkaBootstrap()).isEmpty();
  }

  @Test
  void theLoadFactorScalesBothBurstyRatesAndKeepsThePhases() {
    OrderGenMain main = new OrderGenMain();
    new CommandLine(main).parseArgs("--kafka-bootstrap", "", "--load-factor", "3");

    assertThat(main.settings().cycle())
        .extracting(p -> p.name() + "@" + p.ratePerSecond() + "x" + p.seconds())
        .containsExactly("LOW1@1.5x30.0", "PEAK@6.0x10.0", "LOW2@1.5x20.0", "SILENT@0.0x60.0");
  }

  @Test
  void parseGivesEmbeddersTheSameSettings() {
    OrderGenSettings s = OrderGenMain.parse("--url", "http://127.0.0.1:1", "--total", "5");

    assertThat(s.gatewayUrl()).isEqualTo("http://127.0.0.1:1");
    assertThat(s.total()).isEqualTo(5);
    assertThat(s.rate()).isEmpty();
  }

  @Test
  void constantRateWithoutAnEndIsRefusedWithExitCode2() {
    int code = new CommandLine(new OrderGenMain()).execute("--rate", "10");

    assertThat(code).isEqualTo(2);
  }
}
