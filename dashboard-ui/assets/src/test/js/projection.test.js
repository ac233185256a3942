import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createProjection, normalizeBounds } from '../../main/resources/META-INF/resources/ui/lib/projection.js';

const ROME = { lat_min: 41.8, lat_max: 41.98, lon_min: 12.37, lon_max: 12.6 };

test('north-west corner maps to the top-left of the drawn frame, south-east to bottom-right', () => {
  const p = createProjection(ROME, 800, 600, 10);
  assert.ok(Math.abs(p.x(ROME.lon_min) - p.frame.x) < 1e-9);
  assert.ok(Math.abs(p.y(ROME.lat_max) - p.frame.y) < 1e-9);
  assert.ok(Math.abs(p.x(ROME.lon_max) - (p.frame.x + p.frame.w)) < 1e-9);
  assert.ok(Math.abs(p.y(ROME.lat_min) - (p.frame.y + p.frame.h)) < 1e-9);
});

test('the area fits inside the padding and is centred on the unconstrained axis', () => {
  const p = createProjection(ROME, 800, 600, 10);
  // the area is about square, so height binds: full height minus padding, centred horizontally
  assert.ok(Math.abs(p.frame.h - 580) < 1e-6);
  assert.ok(p.frame.w < 780);
  assert.ok(Math.abs(p.frame.x - (800 - p.frame.w) / 2) < 1e-9);
});

test('a kilometre is the same number of pixels east-west and north-south', () => {
  const p = createProjection(ROME, 1000, 1000, 0);
  const lat = 41.9;
  const kmPerDegLat = 111.195;
  const kmPerDegLon = 111.195 * Math.cos((lat * Math.PI) / 180);
  const pxNs = Math.abs(p.y(lat + 1 / kmPerDegLat) - p.y(lat));
  const pxEw = Math.abs(p.x(12.5 + 1 / kmPerDegLon) - p.x(12.5));
  assert.ok(Math.abs(pxNs - pxEw) / pxNs < 0.01, `${pxNs} vs ${pxEw}`);
  assert.ok(Math.abs(p.pxPerKm - pxNs) / pxNs < 0.01);
});

test('invert is the inverse of the projection', () => {
  const p = createProjection(ROME, 640, 480, 12);
  for (const [lat, lon] of [
    [41.81, 12.38],
    [41.9, 12.5],
    [41.97, 12.59],
  ]) {
    const back = p.invert(p.x(lon), p.y(lat));
    assert.ok(Math.abs(back.lat - lat) < 1e-9 && Math.abs(back.lon - lon) < 1e-9);
  }
});

test('rect gives a zone cell in pixels, north edge on top', () => {
  const p = createProjection(ROME, 800, 800, 0);
  const r = p.rect({ lat_min: 41.89, lat_max: 41.98, lon_min: 12.37, lon_max: 12.485 });
  assert.ok(Math.abs(r.y - p.frame.y) < 1e-9);
  assert.ok(Math.abs(r.x - p.frame.x) < 1e-9);
  assert.ok(Math.abs(r.h - p.frame.h / 2) < 1e-6);
  assert.ok(Math.abs(r.w - p.frame.w / 2) < 1e-6);
});

test('bounds are accepted in snake_case and camelCase, and rejected when empty or inverted', () => {
  assert.deepEqual(normalizeBounds({ latMin: 1, latMax: 2, lonMin: 3, lonMax: 4 }), {
    lat_min: 1,
    lat_max: 2,
    lon_min: 3,
    lon_max: 4,
  });
  assert.throws(() => normalizeBounds(null), /bounds missing/);
  assert.throws(() => normalizeBounds({ lat_min: 2, lat_max: 1, lon_min: 0, lon_max: 1 }), /max > min/);
  assert.throws(() => normalizeBounds({ lat_min: 'x', lat_max: 1, lon_min: 0, lon_max: 1 }), /lat_min/);
});
