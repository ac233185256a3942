import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng, syntheticFleet, syntheticZones, telemetryBurst } from '../../main/resources/META-INF/resources/ui/lib/synthetic.js';
import { applyTelemetry, createState, loadDrones, loadZones } from '../../main/resources/META-INF/resources/ui/lib/state.js';

test('the synthetic grid matches the gateway grid: row 0 north, names row-major, 4-neighbours', () => {
  const z = syntheticZones(2, 2);
  assert.deepEqual(z.zones.map((c) => c.name), ['zone 0', 'zone 1', 'zone 2', 'zone 3']);
  const near = (a, b) => Math.abs(a - b) < 1e-9;
  const b0 = z.zones[0].bounds;
  assert.ok(near(b0.lat_max, 41.98) && near(b0.lat_min, 41.89) && near(b0.lon_min, 12.37) && near(b0.lon_max, 12.485));
  assert.ok(near(z.zones[0].charge.lat, 41.935) && near(z.zones[0].charge.lon, 12.4275));
  assert.deepEqual(z.zones[0].neighbors, ['zone 2', 'zone 1']);
  assert.deepEqual(z.adjacency['zone 3'], ['zone 1', 'zone 2']);
});

test('the generator is deterministic and keeps drones inside the area', () => {
  assert.deepEqual([1, 2, 3].map(prng(5)), [1, 2, 3].map(prng(5)));
  const zones = syntheticZones(2, 2);
  const a = syntheticFleet(500, zones, 9);
  const b = syntheticFleet(500, zones, 9);
  assert.deepEqual(a.drones.items.map((d) => d.status), b.drones.items.map((d) => d.status));
  const s = createState();
  loadZones(s, zones);
  loadDrones(s, a.drones);
  const rand = prng(1);
  const cursor = {};
  for (let round = 0; round < 50; round++) {
    for (const t of telemetryBurst(s, rand, 200, cursor, 1000 + round)) {
      applyTelemetry(s, t, 0);
    }
  }
  for (const d of s.drones.values()) {
    assert.ok(d.lat >= 41.8 && d.lat <= 41.98 && d.lon >= 12.37 && d.lon <= 12.6, `${d.id} ${d.lat},${d.lon}`);
  }
  const busy = a.drones.items.filter((d) => d.status === 'busy').length;
  assert.equal(a.deliveries.count, busy, 'every busy drone has a job');
});
