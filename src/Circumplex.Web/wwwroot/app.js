// Circumplex page: camera/upload → /api/analyze, the circumplex SVG, draggable point → /api/recommend,
// songs with Spotify players, thumbs and the survey → /api/feedback, catalog upload. No build step, no dependencies.
'use strict';

const $ = (id) => document.getElementById(id);
const SVG_NS = 'http://www.w3.org/2000/svg';
const K = 5;
const COLOURS = {
  neutral: '#a3adb8', happy: '#f4c542', sad: '#5b8def', surprise: '#f29a3f',
  fear: '#a173d6', disgust: '#5fb36b', anger: '#e0574c', contempt: '#c9729f',
};

const state = {
  v: 0, a: 0,
  source: 'manual',      // 'photo' (estimated) or 'manual' (set by hand)
  emotion: null,
  songs: [],
  catalogEmpty: false,
  inFlight: false,       // one /api/recommend at a time; the latest point wins
  pending: false,
  dragging: false,
  stream: null,
  regions: null,         // /api/emotions/regions, for naming a point before (or without) the server's answer
  operator: false,       // signed in as the operator (the cookie is HttpOnly: the server says so)
  antiforgery: null,     // sent with the operator's writes
  uploadAllowed: true,
};

// ---------- helpers ----------

const fmt = (x) => (x >= 0 ? '+' : '−') + Math.abs(x).toFixed(2);
const clamp = (x) => Math.max(-1, Math.min(1, x));
// Four decimals are far finer than any estimate; they keep URLs and stored feedback free of float noise.
const round4 = (x) => Math.round(x * 1e4) / 1e4;
const capitalise = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

function show(el, text, kind) {
  el.textContent = text || '';
  el.hidden = !text;
  el.classList.toggle('error', kind === 'error');
  el.classList.toggle('ok', kind === 'ok');
}

async function problemText(response) {
  try {
    const body = await response.json();
    return body.detail || body.title || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status} ${response.statusText}`;
  }
}

function svgEl(name, attrs) {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  return el;
}

// ---------- the circumplex ----------

async function loadRegions() {
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
function emotionAt(v, a) {
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
      const rect = svgEl('rect', {
        x: (-1 + start * cell).toFixed(4), y: (-1 + r * cell).toFixed(4),
        width: ((c - start) * cell + 0.002).toFixed(4), height: (cell + 0.002).toFixed(4),
        fill: COLOURS[name] || '#ccc', class: 'region', 'data-emotion': name,
      });
      g.appendChild(rect);
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

function placePoint() {
  const p = $('user-point');
  p.setAttribute('transform', `translate(${state.v.toFixed(4)} ${(-state.a).toFixed(4)})`);
  p.setAttribute('aria-valuetext', `valence ${state.v.toFixed(2)}, arousal ${state.a.toFixed(2)}`);
  p.dataset.valence = state.v.toFixed(4);
  p.dataset.arousal = state.a.toFixed(4);
  $('va').textContent = `(valence ${fmt(state.v)}, arousal ${fmt(state.a)})`;
}

function setPoint(v, a, source) {
  state.v = round4(clamp(v));
  state.a = round4(clamp(a));
  state.source = source;
  placePoint();
  if (state.catalogEmpty && state.regions) showEmotion(emotionAt(state.v, state.a));
  $('point-source').textContent = source === 'photo' ? 'estimated from your photo' : 'set by hand';
}

function drawSongPoints(songs) {
  const g = $('song-points');
  g.replaceChildren();
  for (const s of songs) {
    const group = svgEl('g', {
      class: 'song-point', 'data-testid': 'song-point', 'data-song-id': s.id,
      transform: `translate(${s.valence.toFixed(4)} ${(-s.arousal).toFixed(4)})`,
    });
    const title = svgEl('title');
    title.textContent = `${s.rank}. ${s.title} — ${s.artists.join(', ')}`;
    group.append(title, svgEl('circle', { r: '0.032' }));
    const label = svgEl('text', { 'text-anchor': 'middle', y: '0.014' });
    label.textContent = String(s.rank);
    group.appendChild(label);
    g.appendChild(group);
  }
}

function svgPoint(event) {
  const svg = $('circumplex');
  const m = svg.getScreenCTM();
  if (!m) return null;
  const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(m.inverse());
  return { v: clamp(p.x), a: clamp(-p.y) };
}

function setupDragging() {
  const svg = $('circumplex');
  const point = $('user-point');
  svg.addEventListener('pointerdown', (e) => {
    const p = svgPoint(e);
    if (!p || e.button > 0) return;
    state.dragging = true;
    svg.setPointerCapture(e.pointerId);
    svg.classList.add('dragging');
    point.focus({ preventScroll: true });
    setPoint(p.v, p.a, 'manual');
    requestSongs();
    e.preventDefault();
  });
  svg.addEventListener('pointermove', (e) => {
    if (!state.dragging) return;
    const p = svgPoint(e);
    if (!p) return;
    setPoint(p.v, p.a, 'manual');
    requestSongs();
  });
  const end = (e) => {
    if (!state.dragging) return;
    state.dragging = false;
    svg.classList.remove('dragging');
    if (svg.hasPointerCapture(e.pointerId)) svg.releasePointerCapture(e.pointerId);
    requestSongs();
  };
  svg.addEventListener('pointerup', end);
  svg.addEventListener('pointercancel', end);

  point.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 0.2 : 0.05;
    let { v, a } = state;
    switch (e.key) {
      case 'ArrowLeft': v -= step; break;
      case 'ArrowRight': v += step; break;
      case 'ArrowUp': a += step; break;
      case 'ArrowDown': a -= step; break;
      case 'Home': v = 0; a = 0; break;
      default: return;
    }
    e.preventDefault();
    setPoint(v, a, 'manual');
    requestSongs();
  });
}

// ---------- recommendations ----------

async function requestSongs() {
  if (state.catalogEmpty) return;
  if (state.inFlight) { state.pending = true; return; }
  state.inFlight = true;
  try {
    do {
      state.pending = false;
      const { v, a } = state;
      const r = await fetch(`/api/recommend?valence=${v.toFixed(4)}&arousal=${a.toFixed(4)}&k=${K}`);
      if (r.status === 409) { catalogIsEmpty(await problemText(r)); return; }
      if (!r.ok) { show($('songs-message'), await problemText(r), 'error'); return; }
      const body = await r.json();
      if (!state.pending) showEmotion(body.emotion);
      if (!state.pending) renderSongs(body.songs);
    } while (state.pending);
  } catch (e) {
    show($('songs-message'), `Could not reach the server: ${e.message}`, 'error');
  } finally {
    state.inFlight = false;
  }
}

function showEmotion(emotion) {
  state.emotion = emotion;
  const el = $('emotion');
  el.textContent = capitalise(emotion) || '—';
  el.style.setProperty('--emotion-colour', COLOURS[emotion] || '#888');
  el.dataset.emotion = emotion || '';
}

function renderSongs(songs) {
  const list = $('song-list');
  const sameIds = songs.length === state.songs.length && songs.every((s, i) => s.id === state.songs[i].id);
  state.songs = songs;
  drawSongPoints(songs);
  show($('songs-message'), songs.length ? '' : 'No songs.');
  if (sameIds) {
    songs.forEach((s, i) => { list.children[i].querySelector('.distance').textContent = `distance ${s.distance.toFixed(3)}`; });
    return;
  }
  list.replaceChildren(...songs.map(songItem));
}

function songItem(s) {
  const li = document.createElement('li');
  li.className = 'song';
  li.dataset.testid = 'song';
  li.dataset.songId = s.id;

  const head = document.createElement('div');
  head.className = 'song-head';
  const rank = document.createElement('span');
  rank.className = 'rank';
  rank.textContent = String(s.rank);
  const text = document.createElement('div');
  const title = document.createElement('h3');
  title.className = 'title';
  title.dataset.testid = 'song-title';
  title.textContent = s.title;
  const meta = document.createElement('p');
  meta.className = 'meta';
  const artists = document.createElement('span');
  artists.className = 'artists';
  artists.textContent = s.artists.join(', ');
  const year = document.createElement('span');
  year.className = 'year';
  year.textContent = s.year ? ` · ${s.year}` : '';
  const distance = document.createElement('span');
  distance.className = 'distance';
  distance.textContent = `distance ${s.distance.toFixed(3)}`;
  meta.append(artists, year, document.createTextNode(' · '), distance);
  text.append(title, meta);
  head.append(rank, text);

  const player = document.createElement('iframe');
  player.className = 'player';
  player.src = s.embedUrl;
  player.loading = 'lazy';
  player.title = `Spotify player: ${s.title}`;
  player.allow = 'encrypted-media; clipboard-write';
  player.height = '80';

  const footer = document.createElement('div');
  footer.className = 'song-actions';
  const link = document.createElement('a');
  link.href = s.url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  link.className = 'spotify-link';
  link.dataset.testid = 'spotify-link';
  link.textContent = 'Open in Spotify ↗';
  const up = voteButton(s, 'up', 'I like this song for my mood');
  const down = voteButton(s, 'down', 'This song does not fit my mood');
  const status = document.createElement('span');
  status.className = 'vote-status';
  status.dataset.testid = 'vote-status';
  status.setAttribute('role', 'status');
  footer.append(link, up, down, status);

  li.append(head, player, footer);
  return li;
}

// A thumb drawn inline (no emoji font needed); thumbs down is the same shape turned over.
const THUMB = 'M8 10 L11.6 3.2 C12.4 1.9 14.9 2.5 14.6 4.6 L14 9 H20 C21.2 9 22.1 10 21.8 11.2 L20.4 19 C20.2 20.2 19.3 21 18 21 H8 Z M2 10 H6 V21 H2 Z';

function thumbIcon(vote) {
  const svg = svgEl('svg', { viewBox: '0 0 24 24', width: '20', height: '20', 'aria-hidden': 'true', class: 'icon' });
  svg.appendChild(svgEl('path', vote === 'down' ? { d: THUMB, transform: 'rotate(180 12 12)' } : { d: THUMB }));
  return svg;
}

function voteButton(song, vote, label) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `thumb thumb-${vote}`;
  b.dataset.testid = `thumb-${vote}`;
  b.setAttribute('aria-pressed', 'false');
  b.setAttribute('aria-label', `${label}: ${song.title}`);
  b.title = vote === 'up' ? 'Thumbs up' : 'Thumbs down';
  b.appendChild(thumbIcon(vote));
  b.addEventListener('click', () => sendVote(song, vote, b));
  return b;
}

async function sendVote(song, vote, button) {
  const li = button.closest('li');
  const status = li.querySelector('.vote-status');
  try {
    const r = await postFeedback({ songs: [{ songId: song.id, vote }] });
    if (!r.ok) {
      status.textContent = await problemText(r);
      status.classList.add('error');
      // 409: the catalog was replaced since these songs were shown; the message says so, and fresh songs come in.
      if (r.status === 409) requestSongs();
      return;
    }
    li.querySelectorAll('.thumb').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
    status.classList.remove('error');
    status.textContent = 'Thanks!';
  } catch (e) {
    status.textContent = `Not saved: ${e.message}`;
    status.classList.add('error');
  }
}

function postFeedback(extra) {
  return fetch('/api/feedback', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ valence: state.v, arousal: state.a, source: state.source, emotion: state.emotion, ...extra }),
  });
}

// ---------- photo analysis ----------

async function startCamera() {
  const msg = $('camera-message');
  const capture = $('capture');
  capture.disabled = true;
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    show(msg, 'This browser offers no camera here (it needs HTTPS or localhost): upload a photo instead.', 'error');
    return;
  }
  try {
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false,
    });
    state.stream = stream;
    const video = $('camera');
    video.srcObject = stream;
    await video.play().catch(() => {});
    capture.disabled = false;
    $('start-camera').hidden = true;
    show(msg, 'Camera on: press Capture when you are ready.');
  } catch (e) {
    let text;
    switch (e.name) {
      case 'NotAllowedError': case 'SecurityError':
        text = 'Camera access was denied. Allow the camera in your browser\'s site settings, or upload a photo instead.'; break;
      case 'NotFoundError': case 'OverconstrainedError': case 'DevicesNotFoundError':
        text = 'No camera was found. Upload a photo instead.'; break;
      case 'NotReadableError': case 'AbortError':
        text = 'The camera is busy (another program may be using it). Close it and retry, or upload a photo.'; break;
      default:
        text = `The camera could not start (${e.name}). Upload a photo instead.`;
    }
    show(msg, text, 'error');
    $('start-camera').hidden = false;
  }
}

function capture() {
  const video = $('camera');
  if (!video.videoWidth) { show($('analysis-message'), 'The camera is not ready yet: wait a moment and press Capture again.', 'error'); return; }
  const canvas = $('snapshot');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext('2d').drawImage(video, 0, 0);
  canvas.toBlob((blob) => {
    if (blob) analyse(blob, 'capture.jpg');
    else show($('analysis-message'), 'Could not take a picture from the camera.', 'error');
  }, 'image/jpeg', 0.92);
}

async function analyse(blob, name) {
  const msg = $('analysis-message');
  const button = $('capture');
  show(msg, 'Analysing…');
  button.setAttribute('aria-busy', 'true');
  document.body.classList.add('busy');
  try {
    const form = new FormData();
    form.append('photo', blob, name);
    const r = await fetch(`/api/analyze?k=${K}`, { method: 'POST', body: form });
    if (!r.ok) {
      // The server's detail is one sentence saying what happened and what to do (no face, not an image, too large, busy…).
      show(msg, capitalise(await problemText(r)), 'error');
      msg.dataset.status = String(r.status);
      return;
    }
    const body = await r.json();
    msg.dataset.status = '200';
    const faces = body.faces.length;
    show(msg, `${faces} face${faces === 1 ? '' : 's'} found.`, 'ok');
    setPoint(body.valence, body.arousal, 'photo');
    showEmotion(body.emotion);
    if (body.catalogMessage) catalogIsEmpty(body.catalogMessage);
    else renderSongs(body.songs);
  } catch (e) {
    show(msg, `Could not reach the server: ${e.message}`, 'error');
  } finally {
    button.removeAttribute('aria-busy');
    document.body.classList.remove('busy');
  }
}

// ---------- survey ----------

function setupSurvey() {
  $('survey-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = $('survey-status');
    const survey = {};
    for (let q = 1; q <= 4; q++) {
      const checked = document.querySelector(`input[name="q${q}"]:checked`);
      if (checked) survey[`q${q}`] = Number(checked.value);
    }
    if (Object.keys(survey).length === 0) { show(status, 'Pick an answer (1–5) for at least one statement.', 'error'); return; }
    try {
      const r = await postFeedback({ survey });
      if (!r.ok) { show(status, await problemText(r), 'error'); return; }
      show(status, 'Thank you: your answers were saved.', 'ok');
    } catch (err) {
      show(status, `Not saved: ${err.message}`, 'error');
    }
  });
}

// ---------- catalog ----------

async function loadCatalog() {
  try {
    const r = await fetch('/api/catalog');
    if (!r.ok) throw new Error(await problemText(r));
    const c = await r.json();
    const imports = c.imports.length;
    $('catalog-summary').textContent = c.empty
      ? 'empty'
      : `${c.songCount.toLocaleString('en')} songs (${imports} import${imports === 1 ? '' : 's'})`;
    if (c.empty) catalogIsEmpty(c.howToLoad);
    else {
      state.catalogEmpty = false;
      $('catalog-empty').hidden = true;
    }
    showPrivacy(c.storesPhotos);
    state.uploadAllowed = c.limits.catalogUploadAllowed;
    showOperator(c.operator);
    if (!c.limits.catalogUploadAllowed) show($('upload-status'), 'Catalog uploads are turned off on this server.');
    if (!c.model.loaded) modelMissing();
    return c;
  } catch (e) {
    showPrivacy(null);
    $('catalog-summary').textContent = 'unavailable';
    show($('songs-message'), `Could not reach the server: ${e.message}`, 'error');
    return null;
  }
}

// storesPhotos: true, false, or null when the server could not be asked (then the page claims neither).
function showPrivacy(storesPhotos) {
  const note = storesPhotos === null
    ? 'Privacy: the server could not be reached to say whether it stores photos; do not send one until it can.'
    : storesPhotos
      ? 'Privacy: this server stores every photo it analyses (its operator turned photo storage on).'
      : 'Privacy: photos are processed in memory and never stored.';
  $('privacy-note').textContent = note;
  $('privacy-note').classList.toggle('warn', storesPhotos !== false);
  $('privacy-photos').textContent = storesPhotos === null ? ''
    : storesPhotos ? 'Analysed photos are stored on this server.' : 'Photos are processed in memory and never stored.';
}

// Without a model every photo would get a 503, so the camera is never asked for and both photo inputs stay off.
function modelMissing() {
  $('capture').disabled = true;
  $('photo-file').disabled = true;
  $('photo-file-label').classList.add('disabled');
  $('start-camera').hidden = true;
  show($('camera-message'), 'No affect model is loaded on this server: drag the point on the circumplex to choose your mood.', 'error');
}

function catalogIsEmpty(message) {
  state.catalogEmpty = true;
  $('catalog-panel').open = true;
  $('catalog-empty').hidden = false;
  $('catalog-summary').textContent = 'empty';
  show($('songs-message'), 'The catalog is empty: the operator can upload one below (signed in) to get songs.', 'error');
  console.info(message);
}

function listRowErrors(list, rows) {
  for (const err of rows || []) {
    const li = document.createElement('li');
    li.textContent = `${err.lastLine > err.line ? `lines ${err.line}–${err.lastLine}` : `line ${err.line}`}: ${err.reason}`;
    list.appendChild(li);
  }
}

function setupUpload() {
  $('upload-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = $('catalog-file').files[0];
    const status = $('upload-status');
    const errors = $('upload-errors');
    errors.replaceChildren();
    if (!file) { show(status, 'Choose a CSV file first.', 'error'); return; }
    show(status, `Importing ${file.name}…`);
    $('upload-submit').disabled = true;
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      const replace = $('catalog-replace').checked;
      const columns = $('catalog-columns').value.trim();
      const query = `replace=${replace}` + (columns ? `&columns=${encodeURIComponent(columns)}` : '');
      // The sign-in cookie alone does not authorise a write: the antiforgery token from the sign-in goes along.
      const r = await fetch(`/api/catalog/upload?${query}`, {
        method: 'POST', body: form, headers: { 'X-CSRF-TOKEN': state.antiforgery ?? '' },
      });
      if (!r.ok) {
        // A refused file keeps the catalog as it was; its problem lists the first malformed rows when there are any.
        const body = await r.json().catch(() => ({}));
        show(status, body.detail || body.title || `HTTP ${r.status}`, 'error');
        listRowErrors(errors, body.firstMalformedRows);
        return;
      }
      const u = await r.json();
      const n = (x) => x.toLocaleString('en');
      show(status, `Imported ${n(u.songsImported)} songs from ${u.fileName} (schema ${u.schema.split(':')[0]}): `
        + `${n(u.added)} added, ${n(u.updated)} updated, ${n(u.malformedRows)} skipped as malformed, ${n(u.duplicates)} repeated ids `
        + `(${n(u.rowsRead)} rows, ${u.encoding}; columns ${u.columns}). `
        + (u.invalidBytes ? `${n(u.invalidBytes)} invalid bytes became \uFFFD (first on lines ${u.invalidByteLines.join(', ')}). ` : '')
        + `The catalog now holds ${n(u.songCount)} songs.`, 'ok');
      listRowErrors(errors, u.firstMalformedRows);
      state.catalogEmpty = false;
      $('catalog-empty').hidden = true;
      show($('songs-message'), '');
      await loadCatalog();
      requestSongs();
    } catch (err) {
      show(status, `Upload failed: ${err.message}`, 'error');
    } finally {
      $('upload-submit').disabled = false;
    }
  });
}

// ---------- operator sign-in ----------

// signedIn: whether this browser holds the operator's cookie. Shows the upload form and the export link, or the sign-in.
function showOperator(signedIn) {
  state.operator = signedIn;
  $('operator-form').hidden = signedIn;
  $('operator-tools').hidden = !signedIn;
  $('upload-form').hidden = !signedIn || !state.uploadAllowed;
}

// The antiforgery token belongs to this sign-in; a reloaded page asks for it again.
async function loadOperatorSession() {
  const r = await fetch('/api/operator/session');
  if (!r.ok) return;
  const session = await r.json();
  state.antiforgery = session.antiforgeryToken;
  showOperator(session.signedIn);
}

function setupOperator() {
  $('operator-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = $('operator-status');
    try {
      const r = await fetch('/api/operator/session', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: $('operator-token').value }),
      });
      if (!r.ok) { show(status, await problemText(r), 'error'); return; }
      const session = await r.json();
      state.antiforgery = session.antiforgeryToken;
      $('operator-token').value = '';
      show(status, 'Signed in as the operator.', 'ok');
      await loadCatalog(); // storesPhotos and the panel follow the sign-in
    } catch (err) {
      show(status, `Sign-in failed: ${err.message}`, 'error');
    }
  });
  $('operator-signout').addEventListener('click', async () => {
    await fetch('/api/operator/session', { method: 'DELETE' });
    state.antiforgery = null;
    show($('operator-status'), 'Signed out.');
    await loadCatalog();
  });
}

// ---------- start ----------

document.addEventListener('DOMContentLoaded', async () => {
  setupDragging();
  setupSurvey();
  setupUpload();
  setupOperator();
  $('capture').addEventListener('click', capture);
  $('start-camera').addEventListener('click', startCamera);
  $('photo-file').addEventListener('change', (e) => {
    const f = e.target.files[0];
    if (f) analyse(f, f.name);
    e.target.value = '';
  });
  setPoint(0, 0, 'manual');
  loadRegions();
  // The catalog status says whether a model is loaded; only then is the camera worth asking for.
  const catalog = await loadCatalog();
  if (catalog?.operator) await loadOperatorSession();
  if (!catalog || catalog.model.loaded) startCamera();
  if (catalog && !catalog.empty && state.songs.length === 0) requestSongs();
  document.body.dataset.ready = 'true';
});
