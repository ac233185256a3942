package dev.dronedispatch.checking.docs;

import static org.assertj.core.api.Assertions.assertThat;

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
        .doesNotContainKey("KV_AUTH_TOKEN")
        .hasSize(6);
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
}
