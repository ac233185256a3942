// Test support, not a test: a canvas context that records what the drawing code does.

/** A CanvasRenderingContext2D stand-in that records what is drawn. */
export function recordingContext() {
  const calls = [];
  const ctx = { calls, fills: [], strokes: 0, arcs: [], texts: [] };
  const styleProps = ['fillStyle', 'strokeStyle', 'lineWidth', 'globalAlpha', 'font', 'textAlign', 'textBaseline', 'lineJoin'];
  for (const p of styleProps) {
    ctx[p] = null;
  }
  for (const m of ['clearRect', 'fillRect', 'strokeRect', 'beginPath', 'moveTo', 'lineTo', 'rect', 'setLineDash', 'closePath']) {
    ctx[m] = (...a) => calls.push([m, ...a]);
  }
  ctx.arc = (x, y, r) => {
    calls.push(['arc', x, y, r]);
    ctx.arcs.push({ x, y, r, fillStyle: ctx.fillStyle });
  };
  ctx.fill = () => ctx.fills.push(ctx.fillStyle);
  ctx.stroke = () => ctx.strokes++;
  ctx.fillText = (t) => ctx.texts.push(t);
  ctx.strokeText = () => {};
  return ctx;
}
