package dev.dronedispatch.checking.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTableTest {

  private static final String README =
      """
      ## Configuration

      | name | default | meaning |
      |---|---|---|
      | `ASSIGNER_TICK_MS` | 200 | period |
      | `BATTERY_PER_KM` | 2 | % per km |
      | `GRID_ROWS`, `GRID_COLS` | 2, 3 | the grid |
      | `RANKING` | `distance_bucket,zone` | keys in order |
      | `KV_URL` | `http://localhost:9000` | the coordinator; `KV_AUTH_TOKEN` is sent if set |
      | `HOST` / `PORT` | `127.0.0.1` / `9000` | bind address and port |
      | `NODE_ID` | `node-<port>` | name in logs |
      | `KV_NODE_TOKEN` | **required** | the nodes' token |

      | a | b |
      |---|---|
      | plain | row |
      """;

  @Test
  void everyBacktickedNameOfATableRowGetsItsDefault() {
    ConfigTable t = ConfigTable.parse(README);

    assertThat(t.defaults())
        .containsEntry("ASSIGNER_TICK_MS", "200")
        .containsEntry("GRID_ROWS", "2")
        .containsEntry("GRID_COLS", "3")
        .containsEntry("RANKING", "distance_bucket,zone")
        .containsEntry("KV_URL", "http://localhost:9000")
        .containsEntry("HOST", "127.0.0.1")
        .containsEntry("PORT", "9000")
        .doesNotContainKey("KV_AUTH_TOKEN")
        .hasSize(10);
  }

  @Test
  void numbersAreComparedAsNumbersAndTextAsText() {
    ConfigTable t = ConfigTable.parse(README);

    assertThat(t.documents("BATTERY_PER_KM", "2.0")).isTrue();
    assertThat(t.documents("BATTERY_PER_KM", "2.5")).isFalse();
    assertThat(t.documents("RANKING", "distance_bucket,zone")).isTrue();
    assertThat(t.documents("RANKING", "zone,distance_bucket")).isFalse();
    assertThat(t.documents("NOT_THERE", "1")).isFalse();
  }

  @Test
  void theMistakesAboutWhatTheCodeReadsNameMissingAndWrongDefaultsButNotDescribedOnes() {
    ConfigTable t = ConfigTable.parse(README);
    RecordingEnv env = new RecordingEnv(Map.of("KV_NODE_TOKEN", "secret"));
    env.getOrDefault("PORT", "9000");
    env.getOrDefault("BATTERY_PER_KM", "2.5");
    env.getOrDefault("NODE_ID", "node-9001");
    env.get("KV_NODE_TOKEN");
    env.getOrDefault("UNDOCUMENTED_KEY", "1");
    env.getOrDefault("KV_URL", "");

    assertThat(t.mistakesAbout(env.asked()))
        .containsExactlyInAnyOrder(
            "BATTERY_PER_KM defaults to 2.5, documented 2", "UNDOCUMENTED_KEY is not documented");
  }

  @Test
  void aTableAfterAMarkerIsReadAloneSoServersMayShareKeyNames() {
    String readme =
        """
        Node:

        | key | default | meaning |
        |---|---|---|
        | `PORT` | `9001` | node port |

        Coordinator:

        | key | default | meaning |
        |---|---|---|
        | `PORT` | `9000` | coordinator port |
        """;
    assertThat(ConfigTable.parse(ConfigTable.firstTable(readme.substring(readme.indexOf("Coord")))))
        .extracting(c -> c.defaultOf("PORT"))
        .isEqualTo(java.util.Optional.of("9000"));
  }
}
