// The circumplex panel: emotion regions, the user's point and the lift's target (drag them, or use the arrow keys),
// and every recommended song as a numbered dot, joined by the journey's path in Lift mode.
import { $, COLOURS, state, svgEl, fmt, clamp, round4, capitalise, show, problemText, emit } from './common.js';

export async function loadRegions() {
  try {
    const r = await fetch('/api/emotions/regions');
    // 503: no model, hence no trained tree; the page draws no regions rather than invent some.
    if (r.status === 503) { show($('plane-message'), `${capitalise(await problemText(r))}.`); return; }
    if (!r.ok) throw new Error(await problemText(r));
    drawRegions(await r.json());
  } catch (e) {
    show($('plane-message'), `The emotion regions could not be loaded: ${e.message}`, 'error');
  }
}

// The emotion region under a point, from the grid (the server's answer replaces it when songs arrive).
export function emotionAt(v, a) {
  const r = state.regions;
  if (!r) return null;
  const col = Math.min(r.size - 1, Math.floor((v + 1) / 2 * r.size));
  const row = Math.min(r.size - 1, Math.floor((1 - a) / 2 * r.size));
  return r.emotions[r.rows[row].charCodeAt(col) - 48];
}

function drawRegions(regions) {
  state.regions = regions;
  if (!state.emotion) showEmotion(emotionAt(state.v, state.a));
  const g = $('regions');
  const labels = $('region-labels');
  g.replaceChildren();
  labels.replaceChildren();
  const n = regions.size;
  const cell = 2 / n;
  const sums = regions.emotions.map(() => ({ x: 0, y: 0, count: 0 }));
  regions.rows.forEach((row, r) => {
    let start = 0;
    for (let c = 1; c <= n; c++) {
      if (c < n && row[c] === row[start]) continue;
      const code = row.charCodeAt(start) - 48;
      const name = regions.emotions[code];
      g.appendChild(svgEl('rect', {
        x: (-1 + start * cell).toFixed(4), y: (-1 + r * cell).toFixed(4),
        width: ((c - start) * cell + 0.002).toFixed(4), height: (cell + 0.002).toFixed(4),
        fill: COLOURS[name] || '#ccc', class: 'region', 'data-emotion': name,
      }));
      const s = sums[code];
      s.x += ((start + c) / 2) * (c - start); s.y += (r + 0.5) * (c - start); s.count += c - start;
      start = c;
    }
  });
  const legend = $('legend');
  legend.replaceChildren();
  regions.emotions.forEach((name, code) => {
    const s = sums[code];
    if (s.count > 0) {
      const t = svgEl('text', {
        x: (-1 + (s.x / s.count) * cell).toFixed(3), y: (-1 + (s.y / s.count) * cell).toFixed(3),
        class: 'region-label', 'text-anchor': 'middle',
      });
      t.textContent = name;
      labels.appendChild(t);
    }
    const li = document.createElement('li');
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = COLOURS[name] || '#ccc';
    li.append(sw, document.createTextNode(name + (s.count === 0 ? ' (no region)' : '')));
    legend.appendChild(li);
  });
}

export function showEmotion(emotion) {
  state.emotion = emotion;
  const el = $('emotion');
  el.textContent = capitalise(emotion) || '—';
  el.style.setProperty('--emotion-colour', COLOURS[emotion] || '#888');
  el.dataset.emotion = emotion || '';
}

function placePoint() {
  const p = $('user-point');
  p.setAttribute('transform', `translate(${state.v.toFixed(4)} ${(-state.a).toFixed(4)})`);
  p.setAttribute('aria-valuetext', `valence ${state.v.toFixed(2)}, arousal ${state.a.toFixed(2)}`);
  p.dataset.valence = state.v.toFixed(4);
  p.dataset.arousal = state.a.toFixed(4);
  $('va').textContent = `(valence ${fmt(state.v)}, arousal ${fmt(state.a)})`;
}

export function setPoint(v, a, source) {
  state.v = round4(clamp(v));
  state.a = round4(clamp(a));
  state.source = source;
  placePoint();
  // Match answers name the emotion from the server's tree; when no such answer comes (empty catalog, Lift, or while
  // answering "how do you feel now?"), the regions' grid names it.
  if ((state.catalogEmpty || state.mode === 'lift' || state.afterCheck) && state.regions) showEmotion(emotionAt(state.v, state.a));
  $('point-source').textContent = source === 'photo' ? 'estimated from your photo' : 'set by hand';
}

/** The lift's target marker: shown in Lift mode at {v, a}; hidden in Match mode (to: null). */
export function placeTarget(to) {
  const t = $('target-point');
  t.hidden = !to;
  t.setAttribute('visibility', to ? 'visible' : 'hidden');
  if (!to) return;
  t.setAttribute('transform', `translate(${to.v.toFixed(4)} ${(-to.a).toFixed(4)})`);
  t.setAttribute('aria-valuetext', `target valence ${to.v.toFixed(2)}, arousal ${to.a.toFixed(2)}`);
  t.dataset.valence = to.v.toFixed(4);
  t.dataset.arousal = to.a.toFixed(4);
}

/** Every song as a numbered dot; in Lift mode the path runs from the user's point through them to the target. */
export function drawSongPoints(songs, to) {
  const g = $('song-points');
  g.replaceChildren();
  const path = $('journey-path');
  path.replaceChildren();
  if (to && songs.length > 0) {
    const points = [[state.v, state.a], ...songs.map((s) => [s.valence, s.arousal]), [to.v, to.a]];
    path.appendChild(svgEl('polyline', {
      points: points.map(([v, a]) => `${v.toFixed(4)},${(-a).toFixed(4)}`).join(' '),
      class: 'path-line', 'data-testid': 'journey-path-line',
    }));
  }
  songs.forEach((s, i) => {
    const number = i + 1;
    const group = svgEl('g', {
      class: 'song-point', 'data-testid': 'song-point', 'data-song-id': s.id, 'data-number': String(number),
      transform: `translate(${s.valence.toFixed(4)} ${(-s.arousal).toFixed(4)})`,
    });
    const title = svgEl('title');
    title.textContent = `${number}. ${s.title} — ${s.artists.join(', ')}`;
    group.append(title, svgEl('circle', { r: '0.032' }));
    const label = svgEl('text', { 'text-anchor': 'middle', y: '0.014' });
    label.textContent = String(number);
    group.appendChild(label);
    g.appendChild(group);
  });
}

/** Highlights one song's dot (null: none) and says where it lies and how far from the user's point. */
export function highlightSong(song) {
  for (const dot of $('song-points').children) dot.classList.toggle('highlight', !!song && dot.dataset.songId === song.id);
  const info = $('song-info');
  if (!song) { info.textContent = ''; return; }
  const distance = Math.hypot(song.valence - state.v, song.arousal - state.a);
  info.textContent = `${song.title}: (valence ${fmt(song.valence)}, arousal ${fmt(song.arousal)}), ${distance.toFixed(3)} from your point`;
}

function svgPoint(event) {
  const m = $('circumplex').getScreenCTM();
  if (!m) return null;
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(m.inverse());
  return { v: clamp(p.x), a: clamp(-p.y) };
}

function moveTarget(v, a) {
  state.target = { v: round4(clamp(v)), a: round4(clamp(a)) };
  placeTarget(state.target);
}

// Dragging starts on the target when the pointer lands on it (Lift), else anywhere moves the user's point.
// Either change announces 'point-changed' and the songs panel recomputes at once.
export function setupDragging() {
  const svg = $('circumplex');
  const point = $('user-point');
  const target = $('target-point');
  let dragging = null;   // 'user' or 'target'
  svg.addEventListener('pointerdown', (e) => {
    const p = svgPoint(e);
    if (!p || e.button > 0) return;
    dragging = state.mode === 'lift' && target.contains(e.target) ? 'target' : 'user';
    svg.setPointerCapture(e.pointerId);
    svg.classList.add('dragging');
    (dragging === 'target' ? target : point).focus({ preventScroll: true });
    if (dragging === 'target') moveTarget(p.v, p.a); else setPoint(p.v, p.a, 'manual');
    emit('point-changed');
    e.preventDefault();
  });
  svg.addEventListener('pointermove', (e) => {
    if (!dragging) return;
    const p = svgPoint(e);
    if (!p) return;
    if (dragging === 'target') moveTarget(p.v, p.a); else setPoint(p.v, p.a, 'manual');
    emit('point-changed');
  });
  const end = (e) => {
    if (!dragging) return;
    dragging = null;
    svg.classList.remove('dragging');
    if (svg.hasPointerCapture(e.pointerId)) svg.releasePointerCapture(e.pointerId);
    emit('point-changed');
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);

  const keys = (move, at) => (e) => {
    const step = e.shiftKey ? 0.2 : 0.05;
    let { v, a } = at();
    switch (e.key) {
      case 'ArrowLeft': v -= step; break;
      case 'ArrowRight': v += step; break;
      case 'ArrowUp': a += step; break;
      case 'ArrowDown': a -= step; break;
      case 'Home': v = 0; a = 0; break;
      default: return;
    }
    e.preventDefault();
    move(v, a);
    emit('point-changed');
  };
  point.addEventListener('keydown', keys((v, a) => setPoint(v, a, 'manual'), () => state));
  target.addEventListener('keydown', keys(moveTarget, () => state.target || targetShown()));
}

function targetShown() {
  const t = $('target-point');
  return { v: Number(t.dataset.valence || 0), a: Number(t.dataset.arousal || 0) };
}
