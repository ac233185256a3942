// Lat/lon -> canvas pixels for a city-sized service area.
//
// Equirectangular with the longitude axis shrunk by cos(mid-latitude), so one kilometre is the
// same number of pixels north-south and east-west; the area is centred and letter-boxed inside
// the canvas with a padding. Pure: no DOM.

/** Accepts the snake_case contract ({lat_min,...}) and camelCase ({latMin,...}) alike. */
export function normalizeBounds(b) {
  if (!b) {
    throw new Error('bounds missing');
  }
  const pick = (snake, camel) => {
    const v = b[snake] !== undefined ? b[snake] : b[camel];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`bounds.${snake} must be a number`);
    }
    return v;
  };
  const out = {
    lat_min: pick('lat_min', 'latMin'),
    lat_max: pick('lat_max', 'latMax'),
    lon_min: pick('lon_min', 'lonMin'),
    lon_max: pick('lon_max', 'lonMax'),
  };
  if (!(out.lat_max > out.lat_min) || !(out.lon_max > out.lon_min)) {
    throw new Error('bounds must have max > min');
  }
  return out;
}

/**
 * @param bounds {lat_min, lat_max, lon_min, lon_max}
 * @param width canvas width in CSS pixels
 * @param height canvas height in CSS pixels
 * @param pad padding in CSS pixels on every side
 */
export function createProjection(bounds, width, height, pad = 12) {
  const b = normalizeBounds(bounds);
  const midLat = ((b.lat_min + b.lat_max) / 2) * (Math.PI / 180);
  const kx = Math.cos(midLat); // shrink of one degree of longitude
  const spanX = (b.lon_max - b.lon_min) * kx;
  const spanY = b.lat_max - b.lat_min;
  const availW = Math.max(1, width - 2 * pad);
  const availH = Math.max(1, height - 2 * pad);
  const scale = Math.min(availW / spanX, availH / spanY); // pixels per (scaled) degree
  const drawnW = spanX * scale;
  const drawnH = spanY * scale;
  const offX = (width - drawnW) / 2;
  const offY = (height - drawnH) / 2;
  const sx = scale * kx;

  const x = (lon) => offX + (lon - b.lon_min) * sx;
  // north is up: lat_max maps to the top edge
  const y = (lat) => offY + (b.lat_max - lat) * scale;

  return Object.freeze({
    bounds: b,
    width,
    height,
    x,
    y,
    /** Pixel rectangle of the whole service area. */
    frame: Object.freeze({ x: offX, y: offY, w: drawnW, h: drawnH }),
    /** Pixels per kilometre (1° of latitude ≈ 111.2 km). */
    pxPerKm: scale / 111.195,
    invert(px, py) {
      return { lat: b.lat_max - (py - offY) / scale, lon: b.lon_min + (px - offX) / sx };
    },
    /** A rectangle in pixels for a lat/lon box. */
    rect(box) {
      const n = normalizeBounds(box);
      const x0 = x(n.lon_min);
      const y0 = y(n.lat_max);
      return { x: x0, y: y0, w: x(n.lon_max) - x0, h: y(n.lat_min) - y0 };
    },
  });
}
